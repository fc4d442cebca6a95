//! Every line the command line prints goes through here, so a reader that goes away (`rank …
//! | head -1`) or a disk that fills never makes it panic: a closed pipe ends the run quietly
//! with the status a shell expects of it (141, as if by SIGPIPE), any other failure to write
//! ends it with one sentence on stderr and status 74 (EX_IOERR).

use std::io::Write;

/// The status of a run whose reader closed the pipe: 128 + SIGPIPE.
const CLOSED_PIPE: i32 = 141;

/// The status of a run that could not write its output.
const OUTPUT_FAILED: i32 = 74;

/// Prints one line on stdout and flushes it, or ends the run as above.
pub(crate) fn line(text: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(text).and_then(|()| {
        out.write_all(b"\n")?;
        out.flush()
    });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(CLOSED_PIPE);
        }
        // stderr may be gone too; there is nothing more to do then.
        let _ = writeln!(
            std::io::stderr(),
            "partnerboard-cli: the output could not be written: {e}"
        );
        std::process::exit(OUTPUT_FAILED);
    }
}

/// `println!` that never panics: see [`line`].
macro_rules! say {
    ($($arg:tt)*) => {
        crate::output::line(format_args!($($arg)*))
    };
}
