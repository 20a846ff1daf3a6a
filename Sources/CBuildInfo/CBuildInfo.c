#include "CBuildInfo.h"

#ifndef KSCSIM_GIT_BUILD
#define KSCSIM_GIT_BUILD "unknown"
#endif

const char *kscsim_git_build(void) { return KSCSIM_GIT_BUILD; }
