//! End to end: the real app under Xvfb, driven through tauri-driver and WebKitWebDriver, with
//! what reaches SQLite checked from outside the app.
//!
//! With `CI` set these tests must run; elsewhere they skip with the reason when the tools are
//! missing (Linux with `webkit2gtk-driver`, `xvfb` and `cargo install tauri-driver --locked`).

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
const APP_ID: &str = "com.partnerboard.desktop";
const DEMO_FILE: &str = "Northwind Analytics demo.partnerboard";

fn find_on_path(name: &str) -> Option<PathBuf> {
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
fn missing_prerequisite() -> Option<String> {
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
fn can_run() -> bool {
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

async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
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
struct Desktop {
    xvfb: Option<Child>,
    driver: Child,
    port: u16,
    data_home: tempfile::TempDir,
}

impl Desktop {
    fn start() -> Self {
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
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
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

    fn workspace(&self) -> PathBuf {
        self.data_home
            .path()
            .join("data")
            .join(APP_ID)
            .join(DEMO_FILE)
    }

    async fn launch(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": env!("CARGO_BIN_EXE_partnerboard") }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the app");
        client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(
                "body[data-ready='true'] [data-testid='program-headline']",
            ))
            .await
            .expect("the program screen renders");
        client
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

fn type_rows(path: &Path, name: &str) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("workspace opens read-only");
    conn.query_row(
        "SELECT COUNT(*) FROM partner_types WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .expect("query")
}

/// The type names as the table shows them, read in one step so a redraw cannot interleave.
async fn type_names(client: &Client) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll(\"[data-testid='type-name']\"), (c) => c.textContent);";
    let value = client
        .execute(script, vec![])
        .await
        .expect("read the table");
    serde_json::from_value(value).expect("a list of names")
}

async fn wait_for_types(
    client: &Client,
    what: &str,
    check: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    wait_for(what, || async {
        let names = type_names(client).await;
        check(&names).then_some(names)
    })
    .await
}

async fn wait_for_rows(path: &Path, name: &str, expected: i64) {
    wait_for(
        &format!("{expected} row(s) named {name} in SQLite"),
        || async { (type_rows(path, name) == expected).then_some(()) },
    )
    .await
}

async fn add_type(client: &Client, name: &str) {
    let input = client
        .find(Locator::Id("new-type-name"))
        .await
        .expect("new type field");
    input.click().await.expect("focus");
    input.send_keys(name).await.expect("typing");
    client
        .find(Locator::Id("add-type"))
        .await
        .expect("add button")
        .click()
        .await
        .expect("click add");
}

/// Presses Ctrl + `keys` with the focus on the screen, not in a text field.
async fn shortcut(client: &Client, keys: &str) {
    let screen = client.find(Locator::Id("screen")).await.expect("screen");
    client
        .execute("document.getElementById('screen').focus()", vec![])
        .await
        .expect("focus screen");
    screen
        .send_keys(&format!("{}{keys}", Key::Control))
        .await
        .expect("shortcut");
}

async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(name), png).expect("screenshot written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partner_types_reach_sqlite_survive_restart_undo_and_stay_text() {
    if !can_run() {
        return;
    }
    let desktop = Desktop::start();

    // First launch on a fresh data directory opens the generated demo workspace.
    let client = desktop.launch().await;
    let headline = client
        .find(Locator::Css("[data-testid='program-headline']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        headline.starts_with("4 partner types carry 140 partners"),
        "{headline}"
    );
    assert_eq!(
        wait_for_types(&client, "the demo's four types", |n| n.len() == 4).await,
        ["Reseller", "SI / services", "Technology / ISV", "Referral"]
    );
    let db = desktop.workspace();
    assert!(
        db.exists(),
        "the demo workspace lives in the app data directory: {}",
        db.display()
    );
    save_screenshot(&client, "program-design.png").await;

    // Add a partner type in the UI: the row reaches SQLite.
    add_type(&client, "Agency").await;
    wait_for_types(&client, "Agency in the table", |n| {
        n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 1).await;

    // Ctrl+Z removes it, Ctrl+Shift+Z brings it back, in the UI and in the file.
    shortcut(&client, "z").await;
    wait_for_types(&client, "Agency gone after undo", |n| {
        n.len() == 4 && !n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 0).await;
    shortcut(&client, &format!("{}z", Key::Shift)).await;
    wait_for_types(&client, "Agency back after redo", |n| {
        n.iter().any(|x| x == "Agency")
    })
    .await;
    wait_for_rows(&db, "Agency", 1).await;
    client.close().await.expect("app closes");

    // Restart: the type is still there, and undo still knows how to remove it.
    let client = desktop.launch().await;
    let names = wait_for_types(&client, "types after restart", |n| n.len() == 5).await;
    assert_eq!(names.last().map(String::as_str), Some("Agency"));
    shortcut(&client, "z").await;
    wait_for_types(&client, "Agency gone after undo across restart", |n| {
        n.len() == 4
    })
    .await;
    wait_for_rows(&db, "Agency", 0).await;

    // Markup in a name is shown as the literal text and never becomes an element.
    let payload = "<img src=x onerror=alert(1)>";
    add_type(&client, payload).await;
    let names = wait_for_types(&client, "the payload as a name", |n| {
        n.iter().any(|x| x == payload)
    })
    .await;
    assert!(names.iter().any(|x| x == payload));
    wait_for_rows(&db, payload, 1).await;
    let script =
        "return Array.from(document.querySelectorAll('img'), (i) => i.getAttribute('src'));";
    let images = client.execute(script, vec![]).await.unwrap();
    assert_eq!(
        images,
        json!(["brand.svg"]),
        "only the app's own logo is an image"
    );
    let editor_name = client
        .find(Locator::Css("[data-key='type-name']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(editor_name.as_deref(), Some(payload));
    save_screenshot(&client, "payload-as-text.png").await;
    client.close().await.expect("app closes");
}
