#include "models/LocalStore.h"
