//! Every user-facing sentence comes from the Fluent catalogs in `locales/`.
//!
//! A finding's texts come from one catalog message: its value is the summary, its
//! `.explanation` attribute the explanation, and its `.fix-1`, `.fix-2`, … attributes the fix
//! steps in order. Logic never holds user-facing text.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// The catalog files of one locale, in load order.
const EN_US: &[(&str, &str)] = &[
    ("common.ftl", include_str!("../locales/en-US/common.ftl")),
    ("system.ftl", include_str!("../locales/en-US/system.ftl")),
    ("network.ftl", include_str!("../locales/en-US/network.ftl")),
    ("dns.ftl", include_str!("../locales/en-US/dns.ftl")),
    ("disk.ftl", include_str!("../locales/en-US/disk.ftl")),
    ("printer.ftl", include_str!("../locales/en-US/printer.ftl")),
    ("repair.ftl", include_str!("../locales/en-US/repair.ftl")),
    ("app.ftl", include_str!("../locales/en-US/app.ftl")),
];

/// The engine's own texts outside checks, the runner and the app's interface (the command
/// line's labels, the report's, the names of places), with the arguments their callers give.
pub const ENGINE_TEXT_ARGS: &[(&str, &[&str])] = &[
    ("cli-headline-ok", &[]),
    ("cli-headline-problems", &["count"]),
    ("cli-headline-warnings", &["count"]),
    ("cli-most-likely", &[]),
    ("cli-also", &[]),
    ("cli-what-to-try", &[]),
    ("cli-all-results", &[]),
    ("cli-interrupted", &[]),
    ("cli-reference", &["reference"]),
    ("cli-evidence", &[]),
    ("cli-blocked-by", &["id"]),
    ("cli-dry-run-files", &[]),
    ("report-heading", &[]),
    ("report-saved", &["path"]),
    ("facts-saved", &["path"]),
    ("disk-place-system", &[]),
    ("disk-place-home", &[]),
    ("disk-place-removable", &["mount"]),
    ("disk-place-other", &["mount"]),
    ("history-nothing", &[]),
    ("history-since", &["when"]),
    ("history-disk-full-in", &["days"]),
    ("history-change-network-connections", &["before", "after"]),
    ("history-change-network-addresses", &["before", "after"]),
    ("history-change-network-router", &["before", "after"]),
    ("history-change-network-wifi", &["before", "after"]),
    ("history-change-dns-servers", &["before", "after"]),
    ("history-change-dns-search", &["before", "after"]),
    ("history-change-dns-hosts", &["before", "after"]),
    ("history-change-dns-proxy", &["before", "after"]),
    ("history-change-printer-state", &["before", "after"]),
    ("history-change-printer-device", &["before", "after"]),
    ("history-change-printer-default", &["before", "after"]),
    ("history-change-disk-free", &["before", "after"]),
    ("history-change-system-boot", &["before", "after"]),
    ("history-change-system-clock-offset", &["before", "after"]),
    ("history-saved-nowhere", &["reason"]),
    ("history-moved-aside", &["reason", "path"]),
    ("history-cleared", &["count"]),
    ("history-empty", &[]),
    ("history-verdict-ok", &[]),
    ("history-verdict-interrupted", &[]),
    ("history-verdict-problems", &["count"]),
    ("history-verdict-warnings", &["count"]),
    ("history-clear-question", &["path"]),
    ("history-clear-kept", &[]),
    ("history-no-differences", &[]),
    ("repair-needs-support", &["repair"]),
    ("cli-fixable", &[]),
    ("cli-fix-hint", &[]),
    ("cli-fix-question", &["title", "action"]),
    ("cli-repair-fixed", &["title"]),
    ("cli-repair-no-change", &["title"]),
    ("cli-repair-failed", &["title", "detail"]),
    ("cli-repair-not-permitted", &["title"]),
    ("cli-repair-declined", &["title"]),
    ("cli-repairs-made", &[]),
    ("cli-repair-before", &[]),
    ("cli-repair-now", &[]),
    ("repair-result-fixed", &[]),
    ("repair-result-no-change", &[]),
    ("repair-result-failed", &[]),
    ("repair-result-not-permitted", &[]),
    ("repair-result-declined", &[]),
];

/// The raw text of every catalog file: the words Checkup itself writes.
pub fn catalog_sources() -> impl Iterator<Item = &'static str> {
    EN_US.iter().map(|(_, source)| *source)
}

/// An argument for a catalog message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    /// A text that identifies the user, the machine or the organization, typed where it was
    /// made: rendered as is, and learned by redaction before anything leaves the process.
    Private(crate::model::Kind, String),
}

impl Arg {
    /// A private text argument.
    pub fn private(kind: crate::model::Kind, value: impl Into<String>) -> Arg {
        Arg::Private(kind, value.into())
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}
impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}
impl From<u64> for Arg {
    fn from(value: u64) -> Self {
        // Precision loss only beyond 2^53, far past any count or duration we show.
        #[allow(clippy::cast_precision_loss)]
        Arg::Number(value as f64)
    }
}
impl From<f64> for Arg {
    fn from(value: f64) -> Self {
        Arg::Number(value)
    }
}

/// Named arguments for a catalog message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args(Vec<(Cow<'static, str>, Arg)>);

impl Args {
    pub fn new() -> Self {
        Args(Vec::new())
    }

    /// Adds an argument; chainable.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.0.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// The value of a named argument.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The names of the arguments, in the order given.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_ref())
    }

    /// The private values among the arguments.
    pub fn private(&self) -> impl Iterator<Item = crate::model::Private> + '_ {
        self.0.iter().filter_map(|(_, value)| match value {
            Arg::Private(kind, value) if !value.trim().is_empty() => Some(crate::model::Private {
                kind: *kind,
                value: value.clone(),
            }),
            _ => None,
        })
    }

    fn to_fluent(&self) -> FluentArgs<'_> {
        let mut args = FluentArgs::new();
        for (name, value) in &self.0 {
            let value = match value {
                Arg::Text(text) | Arg::Private(_, text) => FluentValue::from(text.as_str()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            args.set(name.as_ref(), value);
        }
        args
    }
}

/// A problem found while loading a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub file: &'static str,
    pub message: String,
}

/// The loaded message catalog of one locale.
pub struct Catalog {
    locale: LanguageIdentifier,
    bundle: FluentBundle<FluentResource>,
    problems: Vec<CatalogProblem>,
    ids: Vec<String>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("locale", &self.locale)
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

/// The catalog for the user's locale (only `en-US` exists so far, so every locale falls back to it).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::load(langid!("en-US"), EN_US))
}

impl Catalog {
    fn load(locale: LanguageIdentifier, files: &[(&'static str, &'static str)]) -> Catalog {
        let mut bundle = FluentBundle::new_concurrent(vec![locale.clone()]);
        // Plain text for terminals, JSON and HTML: no Unicode isolation marks around arguments.
        bundle.set_use_isolating(false);
        let mut problems = Vec::new();
        let mut ids = Vec::new();
        for (file, source) in files {
            let resource = match FluentResource::try_new((*source).to_owned()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    problems.extend(errors.into_iter().map(|error| CatalogProblem {
                        file,
                        message: format!("{error:?}"),
                    }));
                    resource
                }
            };
            ids.extend(resource.entries().filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            }));
            if let Err(errors) = bundle.add_resource(resource) {
                problems.extend(errors.into_iter().map(|error| CatalogProblem {
                    file,
                    message: format!("{error:?}"),
                }));
            }
        }
        Catalog {
            locale,
            bundle,
            problems,
            ids,
        }
    }

    /// The locale these texts are in, e.g. `en-US`.
    pub fn locale(&self) -> String {
        self.locale.to_string()
    }

    /// Every message id, in file order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Syntax errors and duplicate ids found while loading; empty in a healthy build.
    pub fn problems(&self) -> &[CatalogProblem] {
        &self.problems
    }

    /// True when the message exists and has a value.
    pub fn has_message(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|message| message.value().is_some())
    }

    /// True when the message exists and has the attribute.
    pub fn has_attribute(&self, id: &str, attribute: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|message| message.get_attribute(attribute).is_some())
    }

    /// Every variable a message uses, in its value, its attributes and its selectors.
    pub fn variables(&self, id: &str) -> std::collections::BTreeSet<String> {
        let mut found = std::collections::BTreeSet::new();
        if let Some(message) = self.bundle.get_message(id) {
            if let Some(value) = message.value() {
                pattern_variables(value, &mut found);
            }
            for attribute in message.attributes() {
                pattern_variables(attribute.value(), &mut found);
            }
        }
        found
    }

    /// The message's value, rendered with exactly the arguments it uses: an error when one
    /// is missing or a given one is not used, so no raw `{ $x }` ever reaches a screen.
    pub fn render_exactly(&self, id: &str, args: &Args) -> Result<String, String> {
        if !self.has_message(id) {
            return Err(format!("no text {id}"));
        }
        let used = self.variables(id);
        let given: std::collections::BTreeSet<String> = args.names().map(str::to_owned).collect();
        if let Some(missing) = used.difference(&given).next() {
            return Err(format!("{id} needs the argument {missing}"));
        }
        if let Some(unused) = given.difference(&used).next() {
            return Err(format!("{id} does not use the argument {unused}"));
        }
        let message = self.bundle.get_message(id).and_then(|m| m.value());
        let Some(pattern) = message else {
            return Err(format!("no text {id}"));
        };
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&args.to_fluent()), &mut errors)
            .into_owned();
        if errors.is_empty() {
            Ok(text)
        } else {
            Err(format!("{id} could not be rendered: {errors:?}"))
        }
    }

    /// The message's value. A missing message renders as its id, so a gap shows up but never breaks a run.
    pub fn text(&self, id: &str, args: &Args) -> String {
        self.render(id, None, args).unwrap_or_else(|| id.to_owned())
    }

    /// One attribute of a message, if present.
    pub fn attribute(&self, id: &str, attribute: &str, args: &Args) -> Option<String> {
        self.render(id, Some(attribute), args)
    }

    /// The `.fix-1`, `.fix-2`, … attributes of a message, in order. A step that renders
    /// empty (a selector's "does not apply" branch) is left out.
    pub fn fixes(&self, id: &str, args: &Args) -> Vec<String> {
        (1..)
            .map_while(|n| self.attribute(id, &format!("fix-{n}"), args))
            .filter(|fix| !fix.trim().is_empty())
            .collect()
    }

    fn render(&self, id: &str, attribute: Option<&str>, args: &Args) -> Option<String> {
        let message = self.bundle.get_message(id)?;
        let pattern = match attribute {
            None => message.value()?,
            Some(name) => message.get_attribute(name)?.value(),
        };
        let fluent_args = args.to_fluent();
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                id,
                ?attribute,
                ?errors,
                "catalog message rendered with errors"
            );
        }
        Some(text.into_owned())
    }
}

fn pattern_variables(
    pattern: &fluent_syntax::ast::Pattern<&str>,
    found: &mut std::collections::BTreeSet<String>,
) {
    use fluent_syntax::ast::{Expression, PatternElement};
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Inline(inline) => inline_variables(inline, found),
                Expression::Select { selector, variants } => {
                    inline_variables(selector, found);
                    for variant in variants {
                        pattern_variables(&variant.value, found);
                    }
                }
            }
        }
    }
}

fn inline_variables(
    expression: &fluent_syntax::ast::InlineExpression<&str>,
    found: &mut std::collections::BTreeSet<String>,
) {
    use fluent_syntax::ast::InlineExpression;
    match expression {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => {
            let pattern = fluent_syntax::ast::Pattern {
                elements: vec![fluent_syntax::ast::PatternElement::Placeable {
                    expression: (**expression).clone(),
                }],
            };
            pattern_variables(&pattern, found);
        }
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for argument in &arguments.positional {
                inline_variables(argument, found);
            }
            for named in &arguments.named {
                inline_variables(&named.value, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_loads_without_problems() {
        assert_eq!(catalog().problems(), &[] as &[CatalogProblem]);
        assert_eq!(catalog().locale(), "en-US");
    }

    #[test]
    fn missing_message_renders_as_its_id() {
        assert_eq!(
            catalog().text("no-such-message", &Args::new()),
            "no-such-message"
        );
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let text = catalog().text("runner-timeout", &Args::new().with("seconds", 3u64));
        assert!(text.contains('3'), "{text}");
        assert!(!text.contains('\u{2068}'), "{text:?}");
    }
}
