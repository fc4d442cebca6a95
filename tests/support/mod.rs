//! The desktop under test: Xvfb (when there is no display), tauri-driver and the real app,
//! with a fresh data directory per run. Shared by the end-to-end tests and the startup bench.

#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(30);
const APP_ID: &str = "com.partnerboard.desktop";
const DEMO_FILE: &str = "Northwind Analytics demo.partnerboard";

pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Why the end-to-end tests cannot run here, if they cannot.
pub fn missing_prerequisite() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return Some("tauri-driver drives WebKitWebDriver on Linux only".into());
    }
    if find_on_path("tauri-driver").is_none() {
        return Some("tauri-driver is not installed (cargo install tauri-driver --locked)".into());
    }
    if find_on_path("WebKitWebDriver").is_none() {
        return Some("WebKitWebDriver is not installed (apt-get install webkit2gtk-driver)".into());
    }
    if std::env::var_os("DISPLAY").is_none() && find_on_path("Xvfb").is_none() {
        return Some("there is no display and Xvfb is not installed (apt-get install xvfb)".into());
    }
    None
}

/// Returns false (and says why) when the tests must skip; panics under CI instead.
pub fn can_run() -> bool {
    match missing_prerequisite() {
        None => true,
        Some(reason) if std::env::var_os("CI").is_some() => {
            panic!("end-to-end tests are mandatory in CI, but {reason}")
        }
        Some(reason) => {
            eprintln!("SKIPPED end-to-end tests: {reason}");
            false
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

pub async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out after {TIMEOUT:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Xvfb (when there is no display) and tauri-driver, stopped on drop.
pub struct Desktop {
    xvfb: Option<Child>,
    driver: Child,
    port: u16,
    data_home: tempfile::TempDir,
}

impl Desktop {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the desktop with extra environment for the app (e.g. a test hook).
    pub fn start_with(env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if std::env::var_os("PARTNERBOARD_E2E_OWN_XVFB").is_none() => (None, d),
            _ => {
                let mut child = Command::new(find_on_path("Xvfb").expect("Xvfb"))
                    .args([
                        "-displayfd",
                        "1",
                        "-screen",
                        "0",
                        "1440x900x24",
                        "-nolisten",
                        "tcp",
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("Xvfb starts");
                let mut line = String::new();
                // Xvfb writes the display number once it accepts clients.
                BufReader::new(child.stdout.take().expect("Xvfb stdout"))
                    .read_line(&mut line)
                    .expect("Xvfb display");
                (Some(child), format!(":{}", line.trim()))
            }
        };
        let data_home = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let driver = Command::new(find_on_path("tauri-driver").expect("tauri-driver"))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
            ])
            .env("DISPLAY", &display)
            .env("XDG_DATA_HOME", data_home.path().join("data"))
            .env("XDG_CONFIG_HOME", data_home.path().join("config"))
            .env("XDG_CACHE_HOME", data_home.path().join("cache"))
            .env("GDK_BACKEND", "x11")
            .envs(env.iter().copied())
            // PARTNERBOARD_E2E_THEME=dark runs the window in the dark theme, to look at it.
            .env(
                "GTK_THEME",
                if std::env::var("PARTNERBOARD_E2E_THEME").as_deref() == Ok("dark") {
                    "Adwaita:dark"
                } else {
                    "Adwaita"
                },
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < TIMEOUT,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            xvfb,
            driver,
            port,
            data_home,
        }
    }

    pub fn workspace(&self) -> PathBuf {
        self.data_home
            .path()
            .join("data")
            .join(APP_ID)
            .join(DEMO_FILE)
    }

    pub async fn launch(&self) -> Client {
        self.launch_app(env!("CARGO_BIN_EXE_partnerboard")).await
    }

    /// Starts `application` in a WebDriver session and waits for its first screen.
    /// A window closed just before may still be exiting and holding the workspace's editor
    /// lock; the relaunch waits for that exit first, as a person reopening the app would.
    pub async fn launch_app(&self, application: &str) -> Client {
        let workspace = self.workspace();
        if workspace.exists() {
            wait_for("the previous window to let go of the workspace", || async {
                partnerboard_core::store::WorkspaceLock::acquire(&workspace)
                    .ok()
                    .map(drop)
            })
            .await;
        }
        self.launch_until(
            application,
            "body[data-ready='true'] [data-testid='program-headline']",
        )
        .await
    }

    /// Starts `application` in a WebDriver session and waits until `css` matches.
    pub async fn launch_until(&self, application: &str, css: &str) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": application }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the app");
        client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the window shows {css}: {e}"));
        client
    }

    /// The data directory the app under this desktop uses (`XDG_DATA_HOME`).
    pub fn data_home(&self) -> PathBuf {
        self.data_home.path().join("data")
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(x) = self.xvfb.as_mut() {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

/// Saves a screenshot of the window under `target/tmp/e2e/` for a person to look at.
pub async fn save_screenshot(client: &Client, name: &str) {
    // Let the page paint what the DOM holds before the snapshot is taken.
    let frames = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    let _ = client.execute_async(frames, vec![]).await;
    let png = client.screenshot().await.expect("screenshot");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(name), png).expect("screenshot written");
}

/// Clicks a module in the navigation and waits for its headline.
pub async fn open_screen(client: &Client, screen: &str, headline: &str) {
    client
        .find(Locator::Css(&format!("[data-screen-link='{screen}']")))
        .await
        .expect("nav link")
        .click()
        .await
        .expect("click");
    client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css(&format!("[data-testid='{headline}']")))
        .await
        .expect("the screen renders");
}

/// Brings the first element matching `css` to the middle of the screen's own scroll area and
/// clicks it. WebDriver scrolls only the page into view, not the screen container inside it, so
/// a control below the screen's fold is otherwise "not interactable".
pub async fn click(client: &Client, css: &str) {
    let centre = format!(
        "const e = document.querySelector({}); if (e) e.scrollIntoView({{ block: 'center' }}); return !!e;",
        serde_json::to_string(css).expect("a selector is a string")
    );
    let found = client.execute(&centre, vec![]).await.expect("script runs");
    assert_eq!(
        found,
        serde_json::Value::Bool(true),
        "no element matches {css}"
    );
    client
        .find(Locator::Css(css))
        .await
        .expect("element")
        .click()
        .await
        .expect("click");
}

/// The text of the first element matching `css`, if there is one.
pub async fn text(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// One number from the workspace file, read outside the app.
pub fn count(db: &std::path::Path, sql: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("workspace opens read-only");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

/// The `partnerboard-cli` binary built beside this test: it belongs to its own package, so
/// `cargo test` at the workspace root (which tests every member) builds it first.
#[allow(dead_code)]
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/<test> → target/<profile>/partnerboard-cli
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary sits in target/<profile>/deps");
    let cli = profile_dir.join(format!("partnerboard-cli{}", std::env::consts::EXE_SUFFIX));
    assert!(
        cli.exists(),
        "{} is missing: run the whole suite with `cargo test --workspace`, which builds it",
        cli.display()
    );
    cli
}
