//! The words of the domain, at the bottom of the library: the label of a training row, the
//! answer of the classifier, the level a posting claims or reads as, and counts of them.
//!
//! Every other module (data files, features, the model, metrics, batch, postings, audit) names
//! levels through these types, so none of them needs another to say "director", and the names
//! written in files and output are defined once, by the `named_enum!` macro.

use serde::{Deserialize, Serialize};

/// Declares a fieldless enum whose variants have fixed names in files and output, and derives
/// from that one table `as_str`, `from_name`, `ALL`, `Display` and serde (the name as a string).
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name written in files and output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value with exactly this name.
            pub fn from_name(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|value| value.as_str() == name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::from_name(&name).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&name, &[$($text),+])
                })
            }
        }
    };
}

pub(crate) use named_enum;

named_enum! {
    /// The label of a training or evaluation row.
    pub enum Label {
        /// Director-of-Engineering-level duty.
        Director = "director",
        /// VP-of-Engineering-level duty.
        Vp = "vp",
        /// A duty with no level cue: both roles do it.
        Either = "either",
    }
}

impl Label {
    /// Parse a label as people write it: trimmed, case-insensitive `director`, `vp` or `either`.
    pub fn parse(value: &str) -> Option<Label> {
        let value = value.trim();
        Label::ALL
            .iter()
            .copied()
            .find(|label| value.eq_ignore_ascii_case(label.as_str()))
    }
}

named_enum! {
    /// What the classifier says about a statement.
    pub enum Answer {
        /// Director-of-Engineering-level.
        Director = "director",
        /// VP-of-Engineering-level.
        Vp = "vp",
        /// No level cue, or not enough evidence for the threshold.
        Unsure = "unsure",
    }
}

impl Answer {
    /// The level that a positive log-odds (vp minus director) favours.
    pub fn favoured_by(log_odds: f64) -> Answer {
        if log_odds >= 0.0 {
            Answer::Vp
        } else {
            Answer::Director
        }
    }

    /// True when the answer is the right one for a row labeled `label` (`either` rows are
    /// right when answered `unsure`).
    pub fn is_right_for(self, label: Label) -> bool {
        matches!(
            (label, self),
            (Label::Director, Answer::Director)
                | (Label::Vp, Answer::Vp)
                | (Label::Either, Answer::Unsure)
        )
    }
}

named_enum! {
    /// A level as a job posting claims it (its title) or reads (its duties).
    pub enum Level {
        /// Director of Engineering and its spellings (Senior Director, Engineering Director, ...).
        Director = "director",
        /// VP of Engineering and its spellings (Vice President, SVP, EVP, VPE, ...).
        Vp = "vp",
        /// No level, both levels, or a title such as "Head of Engineering" or "CTO".
        Unknown = "unknown",
    }
}

/// Counts of answers: lines of a posting, rows of a batch, a row of the confusion matrix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    /// Answered director.
    pub director: usize,
    /// Answered vp.
    pub vp: usize,
    /// Answered unsure.
    pub unsure: usize,
}

impl Counts {
    /// How many times `answer` was counted.
    pub fn get(&self, answer: Answer) -> usize {
        match answer {
            Answer::Director => self.director,
            Answer::Vp => self.vp,
            Answer::Unsure => self.unsure,
        }
    }

    /// Count one answer.
    pub fn add(&mut self, answer: Answer) {
        match answer {
            Answer::Director => self.director += 1,
            Answer::Vp => self.vp += 1,
            Answer::Unsure => self.unsure += 1,
        }
    }

    /// Add another set of counts.
    pub fn merge(&mut self, other: &Counts) {
        self.director += other.director;
        self.vp += other.vp;
        self.unsure += other.unsure;
    }

    /// All answers counted.
    pub fn total(&self) -> usize {
        self.director + self.vp + self.unsure
    }

    /// Answers that named a level (director or vp).
    pub fn answered(&self) -> usize {
        self.director + self.vp
    }
}

/// Row counts per label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassCounts {
    /// Director rows.
    pub director: usize,
    /// VP rows.
    pub vp: usize,
    /// Either rows.
    pub either: usize,
}

impl ClassCounts {
    /// Count the labels of `rows`.
    pub fn of(rows: &[LabeledRow]) -> ClassCounts {
        let mut counts = ClassCounts::default();
        for row in rows {
            match row.label {
                Label::Director => counts.director += 1,
                Label::Vp => counts.vp += 1,
                Label::Either => counts.either += 1,
            }
        }
        counts
    }
}

/// One labeled statement and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledRow {
    /// The statement.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// 1-based line of the file where the record starts.
    pub line: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for answer in Answer::ALL {
            let json = serde_json::to_string(answer).unwrap();
            assert_eq!(json, format!("\"{answer}\""));
            assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), *answer);
        }
        assert_eq!(Label::parse(" VP "), Some(Label::Vp));
        assert_eq!(Label::parse("manager"), None);
        assert_eq!(Level::from_name("unknown"), Some(Level::Unknown));
        let err = serde_json::from_str::<Label>("\"boss\"").unwrap_err();
        assert!(err.to_string().contains("unknown variant `boss`"), "{err}");
    }
}
