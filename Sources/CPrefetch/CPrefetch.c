// CPrefetch is header-only (static inline); SwiftPM wants a source file per C target.
#include "CPrefetch.h"
