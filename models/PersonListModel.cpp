#include "models/PersonListModel.h"
