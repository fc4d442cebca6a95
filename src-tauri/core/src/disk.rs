//! Making a rename durable: the one piece of disk handling the store and the writers share.

use std::path::Path;

/// Syncs the folder `dir`, so a rename into it survives a power cut, where the system allows
/// (a folder can be synced on Unix; elsewhere the rename stands as the system made it).
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
