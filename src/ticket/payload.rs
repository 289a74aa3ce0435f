//! Reading marker payloads ([`Entry`] and [`Event`] JSON) field by field.
//!
//! Derived with `#[serde(flatten)]` for the fields desk does not know, serde buffers every
//! payload into an intermediate tree before reading it; an index rebuild reads millions of
//! payloads, so these visitors read known fields directly and keep the rest as JSON.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value as Json};

use super::{Entry, Event, Role, Visibility};

/// A map key, borrowed from the input when it holds no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A time field (RFC 3339 text).
struct At(DateTime<Utc>);

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::time_format::deserialize(d).map(At)
    }
}

/// Stores the next value in `slot`, refusing a field given twice.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
                let (mut id, mut at, mut author) = (None::<String>, None::<At>, None::<String>);
                let (mut role, mut visibility) = (None::<Role>, None::<Visibility>);
                let mut extra = Map::new();
                while let Some(Key(key)) = map.next_key()? {
                    match key.as_ref() {
                        "id" => once(&mut map, &mut id, "id")?,
                        "at" => once(&mut map, &mut at, "at")?,
                        "author" => once(&mut map, &mut author, "author")?,
                        "role" => once(&mut map, &mut role, "role")?,
                        "visibility" => once(&mut map, &mut visibility, "visibility")?,
                        _ => {
                            let value: Json = map.next_value()?;
                            extra.insert(key.into_owned(), value);
                        }
                    }
                }
                Ok(Entry {
                    id: required(id, "id")?,
                    at: required(at, "at")?.0,
                    author: required(author, "author")?,
                    role: required(role, "role")?,
                    visibility: required(visibility, "visibility")?,
                    extra,
                    body: String::new(),
                    line: 0,
                })
            }
        }
        d.deserialize_map(EntryVisitor)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EventVisitor;
        impl<'de> Visitor<'de> for EventVisitor {
            type Value = Event;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Event")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
                let (mut id, mut at, mut by) = (None::<String>, None::<At>, None::<String>);
                let mut set = None::<BTreeMap<String, (Option<String>, Option<String>)>>;
                let (mut add, mut remove) = (None::<BTreeMap<String, Vec<String>>>, None);
                let mut extra = Map::new();
                while let Some(Key(key)) = map.next_key()? {
                    match key.as_ref() {
                        "id" => once(&mut map, &mut id, "id")?,
                        "at" => once(&mut map, &mut at, "at")?,
                        "by" => once(&mut map, &mut by, "by")?,
                        "set" => once(&mut map, &mut set, "set")?,
                        "add" => once(&mut map, &mut add, "add")?,
                        "remove" => once(&mut map, &mut remove, "remove")?,
                        _ => {
                            let value: Json = map.next_value()?;
                            extra.insert(key.into_owned(), value);
                        }
                    }
                }
                Ok(Event {
                    id: required(id, "id")?,
                    at: required(at, "at")?.0,
                    by: required(by, "by")?,
                    set: set.unwrap_or_default(),
                    add: add.unwrap_or_default(),
                    remove: remove.unwrap_or_default(),
                    extra,
                    line: 0,
                })
            }
        }
        d.deserialize_map(EventVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields_typed_and_the_rest_kept() {
        let entry: Entry = serde_json::from_str(
            r#"{"at":"2026-11-20T07:11:00Z","author":"a@x.test","id":"e1","role":"customer","visibility":"public","via":{"mail":"m1"},"k\u0065y":1}"#,
        )
        .unwrap();
        assert_eq!((entry.id.as_str(), entry.author.as_str()), ("e1", "a@x.test"));
        assert_eq!((entry.role, entry.visibility), (Role::Customer, Visibility::Public));
        assert_eq!(
            serde_json::Value::Object(entry.extra.clone()),
            serde_json::json!({"via": {"mail": "m1"}, "key": 1})
        );
        let back: Entry = serde_json::from_value(serde_json::to_value(&entry).unwrap()).unwrap();
        assert_eq!(back, entry);

        let event: Event = serde_json::from_str(
            r#"{"at":"2026-11-20T07:11:00Z","by":"bob","id":"v1","set":{"assignee":[null,"bob"]},"why":"x"}"#,
        )
        .unwrap();
        assert_eq!(event.set["assignee"], (None, Some("bob".to_string())));
        assert!(event.add.is_empty() && event.remove.is_empty());
        assert_eq!(event.extra["why"], "x");
    }

    #[test]
    fn errors_name_the_field() {
        let err = |json: &str| serde_json::from_str::<Entry>(json).unwrap_err().to_string();
        assert!(
            err(r#"{"at":"2026-11-20T07:11:00Z","id":"e","role":"agent","visibility":"public"}"#)
                .contains("missing field `author`")
        );
        assert!(err(r#"{"id":"e","id":"f"}"#).contains("duplicate field `id`"));
        assert!(err(r#"{"at":"yesterday"}"#).contains("is not an RFC 3339 time"));
        assert!(err(r#"{"role":"boss"}"#).contains("unknown variant `boss`"));
        assert!(
            serde_json::from_str::<Event>(r#"{"id":"v","at":"2026-11-20T07:11:00Z"}"#)
                .unwrap_err()
                .to_string()
                .contains("missing field `by`")
        );
    }
}
