//! The only module that touches `serde_yaml`.
//!
//! serde_yaml is deprecated upstream; keeping it behind this one function
//! (YAML text in, JSON values with key positions out) lets it be swapped for
//! another YAML parser without touching the rest of the code.

use serde_json::Value;

/// A top-level key of a YAML mapping with its position (1-based, relative to
/// the YAML text) and its value.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub column: usize,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    /// 1-based, relative to the YAML text.
    pub line: usize,
    pub column: usize,
}

/// Parses a YAML mapping (front matter or gazette.yaml) into its entries, in
/// document order. An empty document is an empty mapping.
pub fn parse_mapping(src: &str) -> Result<Vec<Entry>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(src).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        YamlError {
            message: clean_message(&e.to_string()),
            line,
            column,
        }
    })?;
    let map = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => return Ok(Vec::new()),
        other => {
            return Err(YamlError {
                message: format!("expected `key: value` lines, found a {}", kind_name(&other)),
                line: 1,
                column: 1,
            })
        }
    };
    let mut entries = Vec::with_capacity(map.len());
    for (k, v) in map {
        let key = match k {
            serde_yaml::Value::String(s) => s,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let (line, column) = key_position(src, &key);
        let value = to_json(v).map_err(|message| YamlError {
            message,
            line,
            column,
        })?;
        entries.push(Entry {
            key,
            line,
            column,
            value,
        });
    }
    Ok(entries)
}

fn kind_name(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Bool(_) => "boolean",
        serde_yaml::Value::Number(_) => "number",
        serde_yaml::Value::String(_) => "string",
        serde_yaml::Value::Sequence(_) => "list",
        serde_yaml::Value::Mapping(_) => "mapping",
        serde_yaml::Value::Tagged(_) => "tagged value",
    }
}

fn to_json(v: serde_yaml::Value) -> Result<Value, String> {
    Ok(match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(seq) => {
            Value::Array(seq.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        serde_yaml::Value::Mapping(m) => {
            let mut obj = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    _ => return Err("mapping keys must be strings".into()),
                };
                obj.insert(key, to_json(v)?);
            }
            Value::Object(obj)
        }
        serde_yaml::Value::Tagged(t) => to_json(t.value)?,
    })
}

/// serde_yaml has no spans on values; top-level keys of a block mapping
/// start a line, so find that line. Flow mappings fall back to line 1.
fn key_position(src: &str, key: &str) -> (usize, usize) {
    for (i, line) in src.lines().enumerate() {
        let rest = line
            .strip_prefix(key)
            .or_else(|| {
                line.strip_prefix('"')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('"'))
            })
            .or_else(|| {
                line.strip_prefix('\'')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('\''))
            });
        if let Some(rest) = rest {
            if rest.trim_start().starts_with(':') {
                return (i + 1, 1);
            }
        }
    }
    (1, 1)
}

/// serde_yaml appends " at line X column Y" which we show separately.
fn clean_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_order_and_lines() {
        let e = parse_mapping("title: 公报\n\nnumber: 17\ndate: 2020-09-15\n").unwrap();
        let keys: Vec<_> = e.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("title", 1), ("number", 3), ("date", 4)]);
        assert_eq!(e[1].value, Value::from(17));
        assert_eq!(e[2].value, Value::from("2020-09-15"));
    }

    #[test]
    fn syntax_error_has_location() {
        let err = parse_mapping("title: a\nissuer: [x\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn non_mapping_is_an_error() {
        assert!(parse_mapping("- a\n- b\n").is_err());
        assert!(parse_mapping("").unwrap().is_empty());
    }
}
