// local build shim (untracked)
