//! Reading HTML as a browser would: html5ever's parse, flattened into the elements of the
//! document with their attributes, text and ancestors, enough to look things up by tag and class.

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

#[derive(Clone, Debug)]
pub struct El {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    /// `textContent`.
    pub text: String,
    /// Each ancestor as `tag.class1.class2#id`, outermost first.
    pub ancestors: Vec<String>,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
    /// Inside an element `tag` with `class` (`("nav", "breadcrumb")`).
    pub fn inside(&self, tag: &str, class: &str) -> bool {
        self.ancestors.iter().any(|a| {
            let mut parts = a.split('#').next().unwrap_or_default().split('.');
            parts.next() == Some(tag) && parts.any(|c| c == class)
        })
    }
}

fn descriptor(tag: &str, attrs: &[(String, String)]) -> String {
    let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let classes: String = get("class").unwrap_or_default().split_whitespace().map(|c| format!(".{c}")).collect();
    let id = get("id").map(|id| format!("#{id}")).unwrap_or_default();
    format!("{tag}{classes}{id}")
}

pub struct Doc {
    pub elements: Vec<El>,
}

impl Doc {
    pub fn parse(html: &str) -> Doc {
        let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
        let mut elements = Vec::new();
        walk(&dom.document, &mut Vec::new(), &mut elements);
        Doc { elements }
    }

    pub fn all(&self, tag: &str) -> Vec<&El> {
        self.elements.iter().filter(|e| e.tag == tag).collect()
    }

    /// The one element `tag` with `class` (panics when there is not exactly one).
    pub fn one(&self, tag: &str, class: &str) -> &El {
        let found: Vec<&El> = self.elements.iter().filter(|e| e.tag == tag && e.has_class(class)).collect();
        assert_eq!(found.len(), 1, "{tag}.{class}: {found:?}");
        found[0]
    }

    /// `<meta {key}="{name}">`'s content.
    pub fn meta(&self, key: &str, name: &str) -> Option<String> {
        self.all("meta")
            .into_iter()
            .find(|m| m.attr(key) == Some(name))
            .and_then(|m| m.attr("content"))
            .map(str::to_string)
    }

    pub fn by_id(&self, id: &str) -> Option<&El> {
        self.elements.iter().find(|e| e.attr("id") == Some(id))
    }
}

fn walk(node: &Handle, ancestors: &mut Vec<String>, out: &mut Vec<El>) {
    for child in node.children.borrow().iter() {
        if let NodeData::Element { name, attrs, .. } = &child.data {
            let tag = name.local.to_string();
            let attrs: Vec<(String, String)> =
                attrs.borrow().iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
            out.push(El { tag: tag.clone(), attrs: attrs.clone(), text: text_of(child), ancestors: ancestors.clone() });
            ancestors.push(descriptor(&tag, &attrs));
            walk(child, ancestors, out);
            ancestors.pop();
        }
    }
}

fn text_of(node: &Handle) -> String {
    let mut text = String::new();
    for child in node.children.borrow().iter() {
        match &child.data {
            NodeData::Text { contents } => text.push_str(&contents.borrow()),
            NodeData::Element { .. } => text.push_str(&text_of(child)),
            _ => {}
        }
    }
    text
}
