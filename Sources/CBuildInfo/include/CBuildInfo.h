#ifndef KSCSIM_CBUILDINFO_H
#define KSCSIM_CBUILDINFO_H

/// The git commit kscsim was built from (12 hex digits, with "-dirty" when the work tree had
/// uncommitted changes), or "unknown" when it was built outside a git checkout. Package.swift
/// defines KSCSIM_GIT_BUILD from SwiftPM's Context.gitInformation.
const char *kscsim_git_build(void);

#endif
