//! Where glossaries come from: missing paths, folders, special files, permissions, loops.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use crate::support::{LIMIT, Scratch, arg, bin, finish, glossary, run};

#[test]
fn a_missing_path_is_named() {
    let s = Scratch::new();
    let path = arg(&s.join("nowhere.yaml"));
    run(["-g", &path, "list"]).refused(2, &path, "no such file or directory");
    run(["check", &path]).refused(2, &path, "no such file or directory");
}

#[test]
fn a_folder_without_yaml_is_refused() {
    let s = Scratch::new();
    s.file("notes.txt", glossary(&["Alpha"]));
    fs::create_dir(s.join("sub.yaml.d")).unwrap();
    let dir = arg(s.path());
    run(["-g", &dir, "list"]).refused(2, &dir, "no .yaml or .yml files");
}

#[test]
fn a_folder_of_a_thousand_files_reads_them_all_in_name_order() {
    let s = Scratch::new();
    for i in 0..1000 {
        s.file(
            &format!("g{i:04}.yaml"),
            glossary(&[&format!("Term {i:04}")]),
        );
    }
    let dir = arg(s.path());
    let r = run(["-g", &dir, "list"]);
    let out = r.ok().out();
    assert_eq!(out.lines().count(), 1000);
    assert!(out.starts_with("term-0000\tTerm 0000\tTesting\n"));
    assert!(out.ends_with("term-0999\tTerm 0999\tTesting\n"));
    let sources = run(["-g", &dir, "sources"]).ok().out();
    assert_eq!(sources.lines().count(), 1000);
    assert_eq!(
        sources.lines().next().unwrap(),
        format!("{}\tfile\t1", arg(&s.join("g0000.yaml")))
    );
}

#[test]
fn a_folder_with_one_bad_file_names_that_file() {
    let s = Scratch::new();
    s.file("a.yaml", glossary(&["Alpha"]));
    let bad = s.file("b.yaml", "entries: [\n");
    let dir = arg(s.path());
    run(["-g", &dir, "list"]).refused(2, &format!("{bad}:"), "");
}

#[test]
fn a_folder_named_like_a_glossary_file_is_skipped_with_a_warning() {
    let s = Scratch::new();
    s.file("a.yaml", glossary(&["Alpha"]));
    fs::create_dir(s.join("old.yaml")).unwrap();
    s.file("z.yml", glossary(&["Zulu"]));
    let dir = arg(s.path());
    let skipped = arg(&s.join("old.yaml"));
    let warning = format!("warning: {skipped}: a folder, not a glossary file; skipped\n");
    let r = run(["-g", &dir, "list"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.out(), "alpha\tAlpha\tTesting\nzulu\tZulu\tTesting\n");
    assert_eq!(r.stderr, warning);
    let r = run(["check", &dir]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.out().starts_with("checked 2 files: 0 errors"), "{r:?}");
    assert_eq!(r.stderr, warning);
    // A folder holding only such a folder has no glossary files.
    let only = Scratch::new();
    fs::create_dir(only.join("x.yaml")).unwrap();
    run(["-g", &arg(only.path()), "list"]).refused(2, "", "no .yaml or .yml files");
}

fn mkfifo(path: &std::path::Path) {
    let status = crate::harness::command("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let s = Scratch::new();
    let fifo = s.join("pipe.yaml");
    mkfifo(&fifo);
    let path = arg(&fifo);
    run(["-g", &path, "list"]).refused(2, &path, "not a regular file");
    run(["check", &path]).refused(2, &path, "not a regular file");
    // Inside a folder, too.
    s.file("a.yaml", glossary(&["Alpha"]));
    let dir = arg(s.path());
    run(["-g", &dir, "list"]).refused(2, &path, "not a regular file");
}

#[test]
fn devices_are_refused() {
    for device in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        run(["-g", device, "list"]).refused(2, device, "not a regular file");
    }
}

#[test]
fn a_symlink_loop_is_named() {
    let s = Scratch::new();
    symlink(s.join("b.yaml"), s.join("a.yaml")).unwrap();
    symlink(s.join("a.yaml"), s.join("b.yaml")).unwrap();
    let path = arg(&s.join("a.yaml"));
    run(["-g", &path, "list"]).refused(2, &path, "symbolic links");
    // In a folder, the loop is one of its files.
    let dir = arg(s.path());
    run(["-g", &dir, "list"]).refused(2, &path, "symbolic links");
}

#[test]
fn a_file_that_fails_while_reading_is_named() {
    // /proc/self/mem opens but every read at offset 0 fails (EIO): a read error even for root.
    run(["-g", "/proc/self/mem", "list"]).refused(2, "/proc/self/mem", "input/output error");
}

/// The user id the tests run as, read off a file they create.
fn euid(s: &Scratch) -> u32 {
    use std::os::unix::fs::MetadataExt;
    let probe = s.file("probe", "");
    fs::metadata(probe).unwrap().uid()
}

#[test]
fn a_file_without_read_permission_is_named() {
    let s = Scratch::new();
    let path = s.file("secret.yaml", glossary(&["Alpha"]));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(s.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let r = if euid(&s) == 0 {
        // Root reads any file, so run the binary as `nobody`, for whom the mode holds.
        let mut cmd = crate::support::through("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(crate::harness::BIN)
            .args(["-g", &path, "list"]);
        finish(&mut cmd, LIMIT)
    } else {
        finish(bin().args(["-g", &path, "list"]), LIMIT)
    };
    r.refused(2, &path, "permission denied");
}

#[test]
fn a_glossary_path_that_is_not_utf8_is_refused_by_the_command_line() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let r = finish(
        bin()
            .arg("-g")
            .arg(OsStr::from_bytes(b"\xff.yaml"))
            .arg("list"),
        LIMIT,
    );
    r.refused(2, "", "UTF-8");
}

#[test]
fn a_glossary_variable_that_is_not_utf8_is_refused() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let r = finish(
        bin()
            .env("TECHLEAD_GLOSSARY", OsStr::from_bytes(b"/tmp/\xff.yaml"))
            .arg("list"),
        LIMIT,
    );
    r.refused(2, "TECHLEAD_GLOSSARY", "UTF-8");
}

#[test]
fn endless_standard_input_is_cut_off() {
    // /dev/zero on stdin never ends: reading stops past 1 GiB.
    let mut cmd = crate::support::through("sh");
    cmd.arg("-c")
        .arg(r#"exec "$0" -g - list < /dev/zero"#)
        .arg(crate::harness::BIN);
    finish(&mut cmd, LIMIT).refused(2, "-: ", "larger than 1 GiB");
}

#[test]
fn an_empty_path_or_standard_input_twice_is_a_usage_error() {
    run(["-g", "", "list"]).refused(2, "--glossary \"\"", "empty path");
    run(["-g", "-", "-g", "-", "list"]).refused(2, "standard input", "read only once");
    let r = finish(bin().env("TECHLEAD_GLOSSARY", "-:-").args(["list"]), LIMIT);
    r.refused(2, "standard input", "read only once");
}

#[test]
fn a_glossary_variable_naming_no_source_warns_then_uses_the_bundled_glossary() {
    let bundled = run(["show", "technical-lead"]);
    bundled.ok();
    for value in ["", "::"] {
        let r = finish(
            bin()
                .env("TECHLEAD_GLOSSARY", value)
                .args(["show", "technical-lead"]),
            LIMIT,
        );
        assert_eq!((r.code, &r.stdout), (0, &bundled.stdout), "{value:?}");
        assert_eq!(
            r.stderr,
            format!(
                "warning: TECHLEAD_GLOSSARY is {value:?}, which names no source; using the bundled glossary\n"
            )
        );
    }
}

#[test]
fn an_empty_category_or_tag_filter_is_a_usage_error() {
    for args in [
        &["list", "--category", ""][..],
        &["list", "--tag", " "],
        &["search", "lead", "--tag", "?!"],
        &["search", "lead", "-c", ""],
    ] {
        run(args).refused(2, "invalid value", "names nothing");
    }
}

#[test]
fn an_unwritable_stderr_changes_neither_stdout_nor_the_exit_code() {
    let s = Scratch::new();
    let text = format!(
        "{}{}",
        glossary(&["Alpha", "Beta"]),
        crate::support::entry("Alpha")
    );
    let path = s.file("dup.yaml", text);
    let args = ["--no-cache", "-g", &path, "list"];
    let r = run(args);
    assert_eq!(r.code, 0);
    assert!(r.stderr.starts_with("warning: "), "{r:?}");
    let out = crate::harness::command(crate::harness::BIN)
        .args(args)
        .stderr(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, r.stdout);
}
