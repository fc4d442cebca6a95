//! The recent-files list, kept in the app data directory.

use std::path::{Path, PathBuf};

const LIMIT: usize = 8;
const FILE: &str = "recent-workspaces.json";

pub struct RecentFiles {
    store: PathBuf,
    paths: Vec<PathBuf>,
}

impl RecentFiles {
    /// Loads the list; a missing or unreadable list is an empty one.
    pub fn load(data_dir: &Path) -> Self {
        let store = data_dir.join(FILE);
        let paths = std::fs::read_to_string(&store)
            .ok()
            .and_then(|s| serde_json::from_str::<Vec<PathBuf>>(&s).ok())
            .unwrap_or_default();
        Self { store, paths }
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Puts `path` first and saves the list.
    pub fn touch(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
        self.paths.insert(0, path.to_path_buf());
        self.paths.truncate(LIMIT);
        if let Ok(json) = serde_json::to_string_pretty(&self.paths) {
            // The list is a convenience: failing to save it must not stop the app.
            let _ = std::fs::write(&self.store, json);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut recent = RecentFiles::load(dir.path());
        for i in 0..10 {
            recent.touch(Path::new(&format!("/w/{i}.partnerboard")));
        }
        recent.touch(Path::new("/w/5.partnerboard"));
        let again = RecentFiles::load(dir.path());
        assert_eq!(again.paths().len(), LIMIT);
        assert_eq!(again.paths()[0], Path::new("/w/5.partnerboard"));
        assert_eq!(again.paths()[1], Path::new("/w/9.partnerboard"));
        assert_eq!(
            again
                .paths()
                .iter()
                .filter(|p| p.ends_with("5.partnerboard"))
                .count(),
            1
        );
    }
}
