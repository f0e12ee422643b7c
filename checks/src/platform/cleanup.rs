//! The user's own trash and caches: listing them with their sizes, and emptying exactly what
//! was listed, for the disk repairs.
//!
//! The trash is the freedesktop one (`Trash/files` and `Trash/info`), or Windows' Recycle Bin
//! (`X:\$Recycle.Bin\<user's SID>`, each item `$R…` with its record `$I…`); the caches are
//! the folders of the cache folder that carry a valid `CACHEDIR.TAG`
//! (<https://bford.info/cachedir/>), and the freedesktop thumbnails folder. Nothing here follows a symbolic link: a link is removed
//! as a link, and its target is never touched. Nothing crosses onto another filesystem.

use std::path::{Path, PathBuf};

use super::common::FileFacts;
use super::{CacheFolder, Freed, OsError, OsErrorKind, TrashEntry};

/// The first bytes of a valid `CACHEDIR.TAG`.
pub const CACHEDIR_SIGNATURE: &[u8] = b"Signature: 8a477f597d28d172789f06886806bc55";

/// Folders this deep under the cache folder are looked at for a tag.
const TAG_DEPTH: usize = 2;

/// How a trash keeps its items and the record of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `files/NAME`, recorded in `info/NAME.trashinfo`.
    Freedesktop,
    /// `$RXXXXXX.ext`, recorded in `$IXXXXXX.ext` beside it.
    #[cfg_attr(not(windows), allow(dead_code))]
    RecycleBin,
}

impl Layout {
    /// The folder that holds the items.
    fn items(self, trash: &Path) -> PathBuf {
        match self {
            Layout::Freedesktop => trash.join("files"),
            Layout::RecycleBin => trash.to_owned(),
        }
    }

    /// True for a name of an item (not of a record or anything else kept there).
    fn is_item(self, name: &str) -> bool {
        match self {
            Layout::Freedesktop => true,
            Layout::RecycleBin => name.len() > 2 && name.starts_with("$R"),
        }
    }

    /// Where an item's record is.
    fn record(self, trash: &Path, name: &str) -> PathBuf {
        match self {
            Layout::Freedesktop => trash.join("info").join(format!("{name}.trashinfo")),
            Layout::RecycleBin => trash.join(format!("$I{}", name.get(2..).unwrap_or_default())),
        }
    }
}

/// Everything in the trash, one entry per trashed item, with what it takes on disk.
pub fn trash_listing(
    trash: &Path,
    layout: Layout,
    facts: &FileFacts,
) -> Result<Vec<TrashEntry>, OsError> {
    let files = layout.items(trash);
    not_a_link(trash)?;
    not_a_link(&files)?;
    let device = device(&files, facts);
    let entries = match std::fs::read_dir(&files) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let mut listed: Vec<TrashEntry> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_owned();
            if !layout.is_item(&name) {
                return None;
            }
            Some(TrashEntry {
                bytes: tree_size(&entry.path(), device, facts),
                name,
            })
        })
        .collect();
    listed.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Ok(listed)
}

/// Deletes the trash entries named (those counted when the user agreed) and their records;
/// anything trashed since stays. Names that are not plain entry names are refused.
pub fn empty_trash(
    trash: &Path,
    layout: Layout,
    names: &[String],
    facts: &FileFacts,
) -> Result<Freed, OsError> {
    let files = layout.items(trash);
    not_a_link(trash)?;
    not_a_link(&files)?;
    let device = device(&files, facts);
    let mut freed = Freed::default();
    for name in names {
        if !plain_name(name) || !layout.is_item(name) {
            freed.skipped.push(name.clone());
            continue;
        }
        let path = files.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            // Restored or deleted since: nothing to do.
            freed.skipped.push(name.clone());
            continue;
        }
        let bytes = tree_size(&path, device, facts);
        remove_tree(&path, device, facts)?;
        match std::fs::remove_file(layout.record(trash, name)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
        freed.entries += 1;
        freed.bytes = freed.bytes.saturating_add(bytes);
    }
    Ok(freed)
}

/// Which folder holds the user's caches, and so what besides tagged folders is safe there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caches {
    /// `~/.cache`: its `thumbnails` folder too (the freedesktop thumbnail specification lets
    /// anyone delete it).
    Freedesktop,
    /// `%LOCALAPPDATA%`: tagged folders only. Windows' own thumbnail cache and temporary files
    /// are held open by Explorer and running programs, and Windows cleans them itself.
    #[cfg_attr(not(windows), allow(dead_code))]
    LocalAppData,
}

/// The cache folders that are safe to empty: every folder up to two levels down that carries
/// a valid `CACHEDIR.TAG`, and `thumbnails` in a freedesktop cache; largest first.
pub fn cache_folders(cache: &Path, kind: Caches, facts: &FileFacts) -> Vec<CacheFolder> {
    if not_a_link(cache).is_err() {
        return Vec::new();
    }
    let device = device(cache, facts);
    let mut found = Vec::new();
    let mut stack: Vec<(PathBuf, usize)> = vec![(cache.to_owned(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(metadata) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if !metadata.is_dir() || (facts.device_of)(&metadata) != device {
                continue;
            }
            let thumbnails =
                kind == Caches::Freedesktop && depth == 0 && entry.file_name() == "thumbnails";
            if thumbnails || tagged(&path) {
                // What emptying it frees: everything but the tag, which stays.
                let bytes = std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|e| e.file_name() != "CACHEDIR.TAG")
                    .map(|e| tree_size(&e.path(), device, facts))
                    .fold(0u64, u64::saturating_add);
                found.push(CacheFolder {
                    bytes,
                    path: path.display().to_string(),
                });
            } else if depth + 1 < TAG_DEPTH {
                stack.push((path, depth + 1));
            }
        }
    }
    found.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    found
}

/// Empties the cache folders named, each only if it is still one [`cache_folders`] lists:
/// everything inside goes, except the `CACHEDIR.TAG` itself.
pub fn clear_caches(
    cache: &Path,
    kind: Caches,
    paths: &[String],
    facts: &FileFacts,
) -> Result<Freed, OsError> {
    let safe = cache_folders(cache, kind, facts);
    let device = device(cache, facts);
    let mut freed = Freed::default();
    for path in paths {
        let Some(folder) = safe.iter().find(|f| f.path == *path) else {
            freed.skipped.push(path.clone());
            continue;
        };
        let folder = PathBuf::from(&folder.path);
        for entry in std::fs::read_dir(&folder)?.flatten() {
            if entry.file_name() == "CACHEDIR.TAG" {
                continue;
            }
            let path = entry.path();
            let bytes = tree_size(&path, device, facts);
            remove_tree(&path, device, facts)?;
            freed.bytes = freed.bytes.saturating_add(bytes);
        }
        freed.entries += 1;
    }
    Ok(freed)
}

/// True for a folder with a valid `CACHEDIR.TAG` (a regular file that starts with the
/// signature).
fn tagged(dir: &Path) -> bool {
    let tag = dir.join("CACHEDIR.TAG");
    let Ok(metadata) = std::fs::symlink_metadata(&tag) else {
        return false;
    };
    if !metadata.is_file() {
        return false;
    }
    let mut start = [0u8; CACHEDIR_SIGNATURE.len()];
    std::fs::File::open(&tag)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut start))
        .is_ok()
        && start == CACHEDIR_SIGNATURE
}

fn plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

fn not_a_link(path: &Path) -> Result<(), OsError> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(OsError::new(
            OsErrorKind::Other,
            format!("{} is a link; Checkup does not follow it", path.display()),
        )),
        _ => Ok(()),
    }
}

fn device(path: &Path, facts: &FileFacts) -> Option<u64> {
    std::fs::symlink_metadata(path)
        .ok()
        .and_then(|m| (facts.device_of)(&m))
}

/// What a file, link or folder takes on disk, without following links or leaving the
/// filesystem.
fn tree_size(path: &Path, device: Option<u64>, facts: &FileFacts) -> u64 {
    let mut total = 0u64;
    let mut stack = vec![path.to_owned()];
    while let Some(path) = stack.pop() {
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            if device.is_some() && (facts.device_of)(&metadata) != device {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            total = total.saturating_add((facts.allocated_size)(&metadata));
        }
    }
    total
}

/// Removes a file, a link (never its target) or a folder with everything in it. A folder on
/// another filesystem (something mounted inside) is left alone, and so is its parent.
fn remove_tree(path: &Path, device: Option<u64>, facts: &FileFacts) -> Result<(), OsError> {
    let metadata = std::fs::symlink_metadata(path)?;
    if !metadata.is_dir() {
        // On Windows a link to a folder (a junction too) is a folder entry: it goes the way
        // an empty folder does, and its target stays.
        #[cfg(windows)]
        if std::os::windows::fs::FileTypeExt::is_symlink_dir(&metadata.file_type()) {
            return Ok(std::fs::remove_dir(path)?);
        }
        return Ok(std::fs::remove_file(path)?);
    }
    if device.is_some() && (facts.device_of)(&metadata) != device {
        return Err(OsError::new(
            OsErrorKind::Other,
            format!(
                "{} is another filesystem; Checkup leaves it alone",
                path.display()
            ),
        ));
    }
    for entry in std::fs::read_dir(path)?.flatten() {
        remove_tree(&entry.path(), device, facts)?;
    }
    Ok(std::fs::remove_dir(path)?)
}

/// Plain files only: these run on every system, Windows (under Wine) included.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod recycle_bin_tests {
    use super::*;

    const FACTS: &FileFacts = &FileFacts {
        allocated_size: std::fs::Metadata::len,
        device_of: |_| None,
    };

    fn write(path: &Path, bytes: usize) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, vec![7u8; bytes]).unwrap();
    }

    /// `$R…` items (a file and a folder) are counted with their `$I…` records left out;
    /// emptying takes the counted items and their records, and leaves an item recycled since,
    /// and whatever else the folder holds.
    #[test]
    fn the_recycle_bin_loses_only_its_counted_items_and_their_records() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("$Recycle.Bin").join("S-1-5-21-1-2-3-1001");
        write(&bin.join("$RAB12CD.iso"), 30_000);
        write(&bin.join("$IAB12CD.iso"), 60);
        write(&bin.join("$R9XY3ZQ/report.docx"), 7000);
        write(&bin.join("$I9XY3ZQ"), 60);
        write(&bin.join("desktop.ini"), 20);
        let listed = trash_listing(&bin, Layout::RecycleBin, FACTS).unwrap();
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["$RAB12CD.iso", "$R9XY3ZQ"]);
        assert_eq!(listed.iter().map(|e| e.bytes).sum::<u64>(), 37_000);
        let counted: Vec<String> = listed.iter().map(|e| e.name.clone()).collect();
        write(&bin.join("$RNEW001.txt"), 100);
        write(&bin.join("$INEW001.txt"), 60);
        let freed = empty_trash(
            &bin,
            Layout::RecycleBin,
            &[
                counted.clone(),
                vec!["$IAB12CD.iso".into(), "desktop.ini".into()],
            ]
            .concat(),
            FACTS,
        )
        .unwrap();
        assert_eq!((freed.entries, freed.bytes), (2, 37_000));
        assert_eq!(freed.skipped, ["$IAB12CD.iso", "desktop.ini"]);
        let mut left: Vec<String> = std::fs::read_dir(&bin)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["$INEW001.txt", "$RNEW001.txt", "desktop.ini"]);
    }
}

/// Windows' caches: tagged folders only, wherever a folder is called `thumbnails`.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod local_app_data_tests {
    use super::*;

    const FACTS: &FileFacts = &FileFacts {
        allocated_size: std::fs::Metadata::len,
        device_of: |_| None,
    };

    #[test]
    fn only_tagged_folders_are_windows_caches() {
        let dir = tempfile::tempdir().unwrap();
        let local = dir.path().join("Local");
        for (file, bytes) in [
            ("thumbnails/x.png", 300),
            ("pip/cache/http/a", 7000),
            ("Vendor/App/index.db", 900),
        ] {
            let path = local.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, vec![3u8; bytes]).unwrap();
        }
        std::fs::write(local.join("pip/cache/CACHEDIR.TAG"), CACHEDIR_SIGNATURE).unwrap();
        let folders = cache_folders(&local, Caches::LocalAppData, FACTS);
        let paths: Vec<&str> = folders.iter().map(|f| f.path.as_str()).collect();
        let tagged = local.join("pip").join("cache").display().to_string();
        assert_eq!(paths, [tagged.as_str()]);
        assert_eq!(folders[0].bytes, 7000);
        // Asking for a folder that is not a tagged cache empties nothing.
        let thumbnails = local.join("thumbnails").display().to_string();
        let freed = clear_caches(
            &local,
            Caches::LocalAppData,
            std::slice::from_ref(&thumbnails),
            FACTS,
        )
        .unwrap();
        assert_eq!((freed.entries, freed.skipped), (0, vec![thumbnails]));
        assert!(local.join("thumbnails/x.png").exists());
        let freed = clear_caches(&local, Caches::LocalAppData, &[tagged], FACTS).unwrap();
        assert_eq!((freed.entries, freed.bytes), (1, 7000));
        assert!(local.join("pip/cache/CACHEDIR.TAG").exists());
        assert!(!local.join("pip/cache/http").exists());
        assert!(local.join("Vendor/App/index.db").exists());
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FACTS: &FileFacts = &super::super::unix::FILE_FACTS;

    fn write(path: &Path, bytes: usize) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, vec![7u8; bytes]).unwrap();
    }

    #[test]
    fn only_the_counted_entries_go_and_a_link_is_removed_as_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let trash = dir.path().join("Trash");
        let outside = dir.path().join("Documents/thesis.odt");
        write(&outside, 5000);
        write(&trash.join("files/old.tar"), 40_000);
        write(&trash.join("files/photos/a.jpg"), 9000);
        write(&trash.join("info/old.tar.trashinfo"), 10);
        write(&trash.join("info/photos.trashinfo"), 10);
        std::os::unix::fs::symlink(&outside, trash.join("files/thesis-link")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("Documents"), trash.join("files/docs-link"))
            .unwrap();
        let listed = trash_listing(&trash, Layout::Freedesktop, FACTS).unwrap();
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names[..2], ["old.tar", "photos"]);
        assert_eq!(listed.len(), 4);
        let counted: Vec<String> = listed.iter().map(|e| e.name.clone()).collect();
        // Trashed after the user agreed: it stays.
        write(&trash.join("files/new.txt"), 100);
        write(&trash.join("info/new.txt.trashinfo"), 10);
        let freed = empty_trash(&trash, Layout::Freedesktop, &counted, FACTS).unwrap();
        assert_eq!(freed.entries, 4);
        assert!(freed.bytes >= 49_000, "{freed:?}");
        let left: Vec<String> = std::fs::read_dir(trash.join("files"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["new.txt"]);
        assert!(trash.join("info/new.txt.trashinfo").exists());
        assert!(!trash.join("info/old.tar.trashinfo").exists());
        // The links' targets survive.
        assert_eq!(std::fs::read(&outside).unwrap().len(), 5000);
        assert!(dir.path().join("Documents").is_dir());
    }

    #[test]
    fn names_that_are_not_plain_entries_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let trash = dir.path().join("Trash");
        write(&dir.path().join("keep.txt"), 10);
        write(&trash.join("files/a"), 10);
        let freed = empty_trash(
            &trash,
            Layout::Freedesktop,
            &[
                "../../keep.txt".into(),
                "..".into(),
                "/etc".into(),
                "gone".into(),
            ],
            FACTS,
        )
        .unwrap();
        assert_eq!(freed.entries, 0);
        assert_eq!(freed.skipped.len(), 4);
        assert!(dir.path().join("keep.txt").exists());
        assert!(trash.join("files/a").exists());
    }

    #[test]
    fn a_trash_that_is_a_link_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("elsewhere");
        write(&real.join("files/precious"), 10);
        std::os::unix::fs::symlink(&real, dir.path().join("Trash")).unwrap();
        assert!(trash_listing(&dir.path().join("Trash"), Layout::Freedesktop, FACTS).is_err());
        assert!(
            empty_trash(
                &dir.path().join("Trash"),
                Layout::Freedesktop,
                &["precious".into()],
                FACTS
            )
            .is_err()
        );
        assert!(real.join("files/precious").exists());
    }

    #[test]
    fn caches_are_thumbnails_and_validly_tagged_folders_and_keep_their_tag() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(".cache");
        write(&cache.join("thumbnails/large/x.png"), 3000);
        write(&cache.join("build/objects/o1"), 8000);
        std::fs::write(
            cache.join("build/CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n# a cache\n",
        )
        .unwrap();
        write(&cache.join("app/nested/blob"), 2000);
        std::fs::write(
            cache.join("app/nested/CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55",
        )
        .unwrap();
        // A wrong signature, and an untagged folder: never listed.
        write(&cache.join("fake/data"), 4000);
        std::fs::write(cache.join("fake/CACHEDIR.TAG"), b"Signature: nope").unwrap();
        write(&cache.join("mail/index"), 4000);
        let folders = cache_folders(&cache, Caches::Freedesktop, FACTS);
        let names: Vec<String> = folders
            .iter()
            .map(|f| {
                Path::new(&f.path)
                    .strip_prefix(&cache)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["build", "app/nested", "thumbnails"]);
        // What emptying frees: the tag stays, so it is not counted.
        assert_eq!(folders[0].bytes, 8192);
        let paths: Vec<String> = folders.iter().map(|f| f.path.clone()).collect();
        let mut asked = paths.clone();
        asked.push(cache.join("mail").display().to_string());
        let freed = clear_caches(&cache, Caches::Freedesktop, &asked, FACTS).unwrap();
        assert_eq!(freed.entries, 3);
        assert_eq!(freed.skipped, [cache.join("mail").display().to_string()]);
        assert!(cache.join("build/CACHEDIR.TAG").exists());
        assert!(!cache.join("build/objects").exists());
        assert!(cache.join("thumbnails").is_dir());
        assert!(!cache.join("thumbnails/large").exists());
        assert!(cache.join("mail/index").exists());
        assert!(cache.join("fake/data").exists());
    }
}
