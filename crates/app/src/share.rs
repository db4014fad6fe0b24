//! Share links and saved sessions: a scenario (the console history as a script) becomes a URL
//! fragment `s1:<base64url(FNV-1a 32 of the script, big-endian ++ raw deflate of the script)>`
//! and a localStorage envelope. Pure (no DOM), so the formats are unit-tested natively.

use serde::Serialize;

/// Version prefix of the current fragment format; a future format gets a new prefix.
pub const FRAGMENT_PREFIX: &str = "s1:";
/// The plain format: the script percent-encoded (`encodeURIComponent`), no checksum. What the
/// `<daemonset-playground>` element (`web/embed.js`) gives its iframe: a few lines of JavaScript
/// make it, where `s1:` would need the checksum and deflate again in JavaScript.
pub const PLAIN_PREFIX: &str = "s0:";
/// Longest fragment accepted. Firefox caps URLs at 1 MiB; anything longer was never produced
/// by us, and decoding it would only cost time.
pub const MAX_FRAGMENT_CHARS: usize = 1 << 20;
/// Largest script accepted, after decompression: 1 KB of deflate can expand to about 1 GB,
/// so inflation stops at this size instead of exhausting wasm memory.
pub const MAX_SCRIPT_BYTES: usize = 3 << 20;
/// Links longer than this are cut by mail and chat clients (RFC 9110 only promises 8,000).
pub const LONG_LINK_CHARS: usize = 8_000;
/// Version of the localStorage envelope.
const STORED_VERSION: u32 = 1;

/// Why a link or a saved session could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a format prefix we know.
    UnknownFormat,
    TooLong {
        chars: usize,
    },
    /// A character outside the base64url alphabet, at this position of the payload.
    BadCharacter {
        position: usize,
    },
    /// The payload ends early: the link was cut (by a mail client, a chat app, copy and paste).
    Truncated,
    /// The deflate data is invalid.
    Corrupt,
    /// The scenario would decompress to more than [`MAX_SCRIPT_BYTES`].
    TooLarge,
    /// The decompressed script does not match its checksum.
    ChecksumMismatch,
    NotUtf8,
    /// A saved session that is not our envelope (or from a newer version of the page).
    BadEnvelope(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::UnknownFormat => write!(f, "it is not a playground scenario (unknown format)"),
            ShareError::TooLong { chars } => {
                write!(f, "it is too long ({chars} characters, at most {MAX_FRAGMENT_CHARS})")
            }
            ShareError::BadCharacter { position } => {
                write!(f, "it contains an invalid character at position {position}")
            }
            ShareError::Truncated => write!(f, "it is incomplete (the link was probably cut off)"),
            ShareError::Corrupt => write!(f, "its data is corrupt"),
            ShareError::TooLarge => write!(f, "the scenario is larger than {} MiB", MAX_SCRIPT_BYTES >> 20),
            ShareError::ChecksumMismatch => {
                write!(f, "its checksum does not match (the link was damaged)")
            }
            ShareError::NotUtf8 => write!(f, "the scenario is not valid UTF-8 text"),
            ShareError::BadEnvelope(why) => write!(f, "it is not a saved session ({why})"),
        }
    }
}

/// FNV-1a, 32 bits: tiny and good enough to tell a damaged link from an intact one.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The fragment (without `#`) that reopens `script`. Natively only: the browser deflates with
/// its own `CompressionStream` (`browser::encode_fragment`), which keeps miniz's compressor
/// out of the wasm; both go through [`fragment_from_deflated`].
#[cfg(not(target_arch = "wasm32"))]
pub fn encode_fragment(script: &str) -> Result<String, ShareError> {
    check_size(script)?;
    // Level 9: links are made rarely and should be as short as possible.
    fragment_from_deflated(script, &miniz_oxide::deflate::compress_to_vec(script.as_bytes(), 9))
}

/// Whether a script is small enough for a link.
pub fn check_size(script: &str) -> Result<(), ShareError> {
    if script.len() > MAX_SCRIPT_BYTES { Err(ShareError::TooLarge) } else { Ok(()) }
}

/// The fragment for `script`, given its raw deflate.
pub fn fragment_from_deflated(script: &str, deflated: &[u8]) -> Result<String, ShareError> {
    let mut payload = fnv1a32(script.as_bytes()).to_be_bytes().to_vec();
    payload.extend_from_slice(deflated);
    let fragment = format!("{FRAGMENT_PREFIX}{}", base64url_encode(&payload));
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong { chars: fragment.len() });
    }
    Ok(fragment)
}

/// A fragment read as far as it can be without inflating: its script, or (`s1:`) the raw
/// deflate to inflate and the checksum the result must have.
pub enum Fragment {
    Plain(String),
    Deflated { sum: u32, deflated: Vec<u8> },
}

/// Reads a fragment (with or without the leading `#`) up to its inflation, checking all it can.
pub fn read_fragment(fragment: &str) -> Result<Fragment, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong { chars: fragment.len() });
    }
    if let Some(plain) = fragment.strip_prefix(PLAIN_PREFIX) {
        return decode_plain(plain).map(Fragment::Plain);
    }
    let body = fragment.strip_prefix(FRAGMENT_PREFIX).ok_or(ShareError::UnknownFormat)?;
    let payload = base64url_decode(body).map_err(|position| ShareError::BadCharacter { position })?;
    match payload.split_first_chunk::<4>() {
        Some((sum, rest)) if !rest.is_empty() => {
            Ok(Fragment::Deflated { sum: u32::from_be_bytes(*sum), deflated: rest.to_vec() })
        }
        _ => Err(ShareError::Truncated),
    }
}

/// The script of an inflated `s1:` payload, checked against its sum.
pub fn inflated(sum: u32, bytes: Vec<u8>) -> Result<String, ShareError> {
    if bytes.len() > MAX_SCRIPT_BYTES {
        return Err(ShareError::TooLarge);
    }
    if fnv1a32(&bytes) != sum {
        return Err(ShareError::ChecksumMismatch);
    }
    String::from_utf8(bytes).map_err(|_| ShareError::NotUtf8)
}

/// The script in a fragment, checked end to end. Natively only: the browser inflates with its
/// own `DecompressionStream` (`browser::decode_fragment`, asynchronous), which keeps miniz's
/// inflater (6.7 KB gzip) out of the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_fragment(fragment: &str) -> Result<String, ShareError> {
    match read_fragment(fragment)? {
        Fragment::Plain(script) => Ok(script),
        Fragment::Deflated { sum, deflated } => {
            let bytes =
                miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_SCRIPT_BYTES).map_err(|e| match e
                    .status
                {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
                    miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress
                    | miniz_oxide::inflate::TINFLStatus::NeedsMoreInput => ShareError::Truncated,
                    _ => ShareError::Corrupt,
                })?;
            inflated(sum, bytes)
        }
    }
}

/// The script of an `s0:` fragment: `%XX` escapes decoded strictly (a broken escape is a bad
/// character at its position in the payload).
fn decode_plain(body: &str) -> Result<String, ShareError> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digit = |j: usize| bytes.get(j).and_then(|b| char::from(*b).to_digit(16));
            match (digit(i + 1), digit(i + 2)) {
                (Some(high), Some(low)) => out.push((high * 16 + low) as u8),
                _ if i + 2 >= bytes.len() => return Err(ShareError::Truncated),
                _ => return Err(ShareError::BadCharacter { position: i }),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
        if out.len() > MAX_SCRIPT_BYTES {
            return Err(ShareError::TooLarge);
        }
    }
    String::from_utf8(out).map_err(|_| ShareError::NotUtf8)
}

/// A saved session: the script, the editor's unapplied draft, and the tour it is on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub script: String,
    /// The editor's text when it was not what the script last applied.
    pub draft: Option<String>,
    /// The tour's own script (with its markers) and the steps run, for a session on a tour:
    /// the session's script holds the commands, not the markers.
    pub tour: Option<(String, usize)>,
}

/// What the page keeps in localStorage: versioned and checksummed, because stored data outlives
/// the code that wrote it and can be edited by anyone. Fields an older page does not know are
/// ignored by it; the checksum covers them all.
#[derive(Serialize)]
struct Stored<'a> {
    v: u32,
    sum: String,
    script: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tour: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<usize>,
}

/// The checksum of a saved session: of the script, then of each other field present after a
/// NUL and its name (so an envelope of a script alone has the sum older pages wrote).
fn stored_sum(saved: &Saved) -> String {
    let mut text = saved.script.clone();
    if let Some(d) = &saved.draft {
        text.push_str(&format!("\0draft\0{d}"));
    }
    if let Some((t, step)) = &saved.tour {
        text.push_str(&format!("\0tour\0{t}\0{step}"));
    }
    format!("{:08x}", fnv1a32(text.as_bytes()))
}

pub fn encode_stored(saved: &Saved) -> String {
    let stored = Stored {
        v: STORED_VERSION,
        sum: stored_sum(saved),
        script: &saved.script,
        draft: saved.draft.as_deref(),
        tour: saved.tour.as_ref().map(|(t, _)| t.as_str()),
        step: saved.tour.as_ref().map(|(_, s)| *s),
    };
    // Serialising a struct of strings cannot fail; an empty string is the harmless fallback.
    serde_json::to_string(&stored).unwrap_or_default()
}

pub fn decode_stored(text: &str) -> Result<Saved, ShareError> {
    // The envelope adds little to the script; anything far larger was not written by us.
    if text.len() > MAX_SCRIPT_BYTES * 3 {
        return Err(ShareError::TooLarge);
    }
    // Read with the core's small JSON reader: serde_json's deserializer would cost the bundle
    // 12 KB gzip for this one envelope.
    let value = dsplay_core::json::parse(text).map_err(|e| ShareError::BadEnvelope(e.to_string()))?;
    let field = |name: &'static str| value.get(name).ok_or_else(|| ShareError::BadEnvelope(format!("no {name}")));
    let number = |name: &'static str| {
        field(name)?.as_u64().ok_or_else(|| ShareError::BadEnvelope(format!("{name} is not a whole number")))
    };
    let text_field = |name: &'static str| {
        field(name)?.as_str().map(str::to_string).ok_or_else(|| ShareError::BadEnvelope(format!("{name} is not text")))
    };
    let optional = |name: &'static str| value.get(name).map(|_| text_field(name)).transpose();
    let version = number("v")?;
    if version != u64::from(STORED_VERSION) {
        return Err(ShareError::BadEnvelope(format!("version {version}")));
    }
    let tour = match optional("tour")? {
        Some(t) => Some((t, usize::try_from(number("step")?).unwrap_or(usize::MAX))),
        None => None,
    };
    let saved = Saved { script: text_field("script")?, draft: optional("draft")?, tour };
    let sizes = [Some(&saved.script), saved.draft.as_ref(), saved.tour.as_ref().map(|(t, _)| t)];
    if sizes.into_iter().flatten().any(|t| t.len() > MAX_SCRIPT_BYTES) {
        return Err(ShareError::TooLarge);
    }
    if text_field("sum")? != stored_sum(&saved) {
        return Err(ShareError::ChecksumMismatch);
    }
    Ok(saved)
}

/// Base64url without padding (RFC 4648 §5): safe in a URL fragment as it is.
pub fn base64url_encode(bytes: &[u8]) -> String {
    dsplay_core::strconv::base64_encode(bytes, true)
}

/// Inverse of [`base64url_encode`]; the error is the position of the first bad character.
/// A dangling single character (impossible in valid output) counts as a bad character.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (position, c) in text.bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(position),
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return Err(text.len().saturating_sub(1));
    }
    Ok(out)
}

// A panic is how a test reports failure.
#[allow(clippy::unwrap_used)]
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const SCRIPT: &str =
        "sim node add n1 --label ssd=true\nkubectl apply -f - <<EOF\nkind: DaemonSet\nEOF\nsim advance 1500ms\n";

    #[test]
    fn stored_sessions_keep_a_draft_and_a_tour_under_the_checksum() {
        let saved = Saved {
            script: SCRIPT.to_string(),
            draft: Some("kind: DaemonSet\n# not applied\n".to_string()),
            tour: Some(("#! step One\nsim node add n1\n".to_string(), 1)),
        };
        let text = encode_stored(&saved);
        assert_eq!(decode_stored(&text).unwrap(), saved);
        // A script alone is the envelope older pages wrote and read.
        let plain = Saved { script: SCRIPT.to_string(), ..Saved::default() };
        assert_eq!(decode_stored(&encode_stored(&plain)).unwrap(), plain);
        assert!(!encode_stored(&plain).contains("draft") && !encode_stored(&plain).contains("tour"));
        let older = format!(
            r#"{{"v":1,"sum":"{:08x}","script":{}}}"#,
            fnv1a32(SCRIPT.as_bytes()),
            serde_json::to_string(SCRIPT).unwrap()
        );
        assert_eq!(decode_stored(&older).unwrap(), plain);
        // An edited draft, tour or step fails the checksum like an edited script.
        for (from, to) in [("not applied", "not applieD"), ("step One", "step Two"), (r#""step":1"#, r#""step":2"#)] {
            assert_eq!(decode_stored(&text.replace(from, to)), Err(ShareError::ChecksumMismatch), "{to}");
        }
        let wrong_type = text.replace(r#""draft":"#, r#""draft":1,"x":"#);
        assert!(matches!(decode_stored(&wrong_type), Err(ShareError::BadEnvelope(_))));
        assert!(matches!(decode_stored(&text.replace(r#","step":1"#, "")), Err(ShareError::BadEnvelope(_))));
    }

    #[test]
    fn plain_fragments_are_percent_encoded_scripts() {
        // What `encodeURIComponent` makes of a script with a heredoc.
        let script = "sim node add n1\nkubectl apply -f - <<EOF\nkind: X # ✓\nEOF\n";
        let encoded =
            "s0:sim%20node%20add%20n1%0Akubectl%20apply%20-f%20-%20%3C%3CEOF%0Akind%3A%20X%20%23%20%E2%9C%93%0AEOF%0A";
        assert_eq!(decode_fragment(encoded).as_deref(), Ok(script));
        assert_eq!(decode_fragment("#s0:").as_deref(), Ok(""));
        assert_eq!(decode_fragment("s0:a%zzb"), Err(ShareError::BadCharacter { position: 1 }));
        assert_eq!(decode_fragment("s0:ab%4"), Err(ShareError::Truncated));
        assert_eq!(decode_fragment("s0:%FF"), Err(ShareError::NotUtf8));
    }

    #[test]
    fn fragment_round_trips_a_script() {
        let fragment = encode_fragment(SCRIPT).unwrap();
        assert!(fragment.starts_with("s1:"));
        assert_eq!(decode_fragment(&fragment).unwrap(), SCRIPT);
        assert_eq!(decode_fragment(&format!("#{fragment}")).unwrap(), SCRIPT);
    }

    #[test]
    fn fragment_round_trips_unicode_and_the_empty_script() {
        for script in ["", "sim node add n\u{e9}\n", "# \u{202e} bidi\n"] {
            assert_eq!(decode_fragment(&encode_fragment(script).unwrap()).unwrap(), script);
        }
    }

    #[test]
    fn truncated_fragment_is_detected() {
        let fragment = encode_fragment(SCRIPT).unwrap();
        for cut in [3, 5, 8, fragment.len() / 2, fragment.len() - 2] {
            let err = decode_fragment(&fragment[..cut]).unwrap_err();
            assert!(
                matches!(
                    err,
                    ShareError::Truncated
                        | ShareError::ChecksumMismatch
                        | ShareError::Corrupt
                        | ShareError::BadCharacter { .. }
                ),
                "cut at {cut}: {err:?}"
            );
        }
    }

    #[test]
    fn flipped_payload_byte_is_detected() {
        let fragment = encode_fragment(SCRIPT).unwrap();
        let mut bytes = fragment.into_bytes();
        let i = bytes.len() - 6;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let damaged = String::from_utf8(bytes).unwrap();
        assert!(decode_fragment(&damaged).is_err());
    }

    #[test]
    fn unknown_version_and_bad_characters_are_rejected() {
        assert_eq!(decode_fragment("s2:AAAA"), Err(ShareError::UnknownFormat));
        assert_eq!(decode_fragment(""), Err(ShareError::UnknownFormat));
        assert_eq!(decode_fragment("s1:AB$C"), Err(ShareError::BadCharacter { position: 2 }));
        assert_eq!(decode_fragment("s1:"), Err(ShareError::Truncated));
    }

    #[test]
    fn oversized_fragment_is_rejected_before_decoding() {
        let long = format!("s1:{}", "A".repeat(MAX_FRAGMENT_CHARS));
        assert!(matches!(decode_fragment(&long), Err(ShareError::TooLong { .. })));
    }

    #[test]
    fn deflate_bomb_stops_at_the_size_cap() {
        let huge = vec![b'a'; MAX_SCRIPT_BYTES + 1];
        let mut payload = fnv1a32(&huge).to_be_bytes().to_vec();
        payload.extend(miniz_oxide::deflate::compress_to_vec(&huge, 9));
        let fragment = format!("s1:{}", base64url_encode(&payload));
        assert!(fragment.len() < 20_000, "the bomb is small: {}", fragment.len());
        assert_eq!(decode_fragment(&fragment), Err(ShareError::TooLarge));
        assert_eq!(encode_fragment(std::str::from_utf8(&huge).unwrap()), Err(ShareError::TooLarge));
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (&[0xfb, 0xff, 0xfe], "-__-"),
        ];
        for (bytes, text) in cases {
            assert_eq!(base64url_encode(bytes), text);
            assert_eq!(base64url_decode(text).unwrap(), bytes);
        }
        assert_eq!(base64url_decode("Z"), Err(0));
    }

    #[test]
    fn fnv1a32_matches_reference_values() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn stored_envelope_round_trips_and_rejects_tampering() {
        let stored = encode_stored(&Saved { script: SCRIPT.to_string(), ..Saved::default() });
        assert_eq!(decode_stored(&stored).unwrap().script, SCRIPT);
        let tampered = stored.replace("n1", "n2");
        assert_eq!(decode_stored(&tampered), Err(ShareError::ChecksumMismatch));
        assert!(matches!(decode_stored("{not json"), Err(ShareError::BadEnvelope(_))));
        assert!(matches!(decode_stored(r#"{"v":9,"sum":"0","script":""}"#), Err(ShareError::BadEnvelope(_))));
        assert!(decode_stored(&stored[..stored.len() / 2]).is_err());
    }
}
