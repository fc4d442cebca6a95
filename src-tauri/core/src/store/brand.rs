//! The brand colour the user picked: it drives the partner series of every chart.

use super::{Result, Workspace};
use crate::domain::InvalidInput;

const BRAND_KEY: &str = "brand_colour";
/// A calm blue, until the user picks the company's colour.
pub const DEFAULT_BRAND: &str = "#2563eb";

/// Checks a colour is `#rrggbb` and returns it in lower case.
pub fn check_brand(colour: &str) -> std::result::Result<String, InvalidInput> {
    let c = colour.trim();
    let hex = c.strip_prefix('#').unwrap_or(c);
    if hex.len() == 6 && hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_lowercase()))
    } else {
        Err(InvalidInput::new(
            "brand",
            format!(
                "The brand colour is six hex digits like #2563eb; “{}” is not.",
                c.chars().take(40).collect::<String>()
            ),
        ))
    }
}

impl Workspace {
    /// The brand colour as `#rrggbb` (the default until one is set).
    pub fn brand_colour(&self) -> Result<String> {
        Ok(self
            .setting(BRAND_KEY)?
            .and_then(|s| check_brand(&s).ok())
            .unwrap_or_else(|| DEFAULT_BRAND.to_string()))
    }

    /// Saves the brand colour (one undoable edit); returns it as stored.
    pub fn set_brand_colour(&mut self, colour: &str) -> Result<String> {
        let colour = check_brand(colour)?;
        self.put_setting("Change brand colour", BRAND_KEY, &colour)?;
        Ok(colour)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::create_new;

    #[test]
    fn brand_colour_defaults_saves_undoes_and_refuses_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = create_new(&dir.path().join("b.partnerboard"), "Acme").unwrap();
        assert_eq!(ws.brand_colour().unwrap(), DEFAULT_BRAND);
        assert_eq!(ws.set_brand_colour(" #FF8800 ").unwrap(), "#ff8800");
        assert_eq!(ws.brand_colour().unwrap(), "#ff8800");
        assert_eq!(ws.set_brand_colour("00aa11").unwrap(), "#00aa11");
        ws.undo().unwrap();
        assert_eq!(ws.brand_colour().unwrap(), "#ff8800");
        for bad in ["", "#fff", "red", "#12345g", "#1234567", "<script>"] {
            assert!(ws.set_brand_colour(bad).is_err(), "{bad}");
        }
        assert_eq!(ws.brand_colour().unwrap(), "#ff8800");
    }
}
