//! The cache (SPEC §8, §9): a damaged, foreign or stale cache must never change an answer.
//!
//! Cases to add once the cache lands, each comparing the answer with an uncached run:
//! - a truncated cache file, a zero-length one, one of random bytes;
//! - a cache written by a different format version;
//! - a cache whose source file changed under it (same size and mtime, too);
//! - a cache folder that is a file, or is read-only;
//! - 20 processes building the same cache at once.
