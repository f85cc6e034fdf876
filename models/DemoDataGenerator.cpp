#include "models/DemoDataGenerator.h"
