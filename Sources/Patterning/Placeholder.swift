// Placeholder; filled by the issue that implements this module.
