#include "models/NameFolding.h"
