/** Byte constants used by the analysis defaults. */
export const KiB = 1024;
export const MiB = 1024 * 1024;
export const PAGE_BYTES = 4096;
