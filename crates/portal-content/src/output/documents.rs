//! The documents library in the API: the filter values (`documents/index.json`), each
//! document, and one paged list per combination of filters that has documents, so that
//! any filter the reader chooses, alone or combined, is one small file per page (a
//! library of 20,000 documents is never one file).

use std::collections::BTreeMap;

use portal_core::api;
use portal_core::paths::{self, DocFilter};

use super::{file_of, json, Files};
use crate::documents::Doc;
use crate::Content;

/// A list: the documents with one combination of filters, newest first (indices).
pub type DocList = Vec<usize>;

pub struct Lists {
    pub kinds: Vec<api::Facet>,
    pub bodies: Vec<api::Facet>,
    pub years: Vec<api::Facet>,
    /// Every combination of filters that has documents (the empty one included).
    pub lists: BTreeMap<DocFilter, DocList>,
}

/// The filter values of the documents: (slug, name, count), in the order given.
fn facets<'a>(names: impl Iterator<Item = &'a str>) -> Vec<api::Facet> {
    let mut out: Vec<api::Facet> = Vec::new();
    for name in names {
        let slug = portal_core::slugify(name);
        match out.iter_mut().find(|f| f.slug == slug) {
            Some(f) => f.count += 1,
            None => out.push(api::Facet {
                slug,
                name: name.to_string(),
                count: 1,
            }),
        }
    }
    out
}

/// The slugs a document is filtered by: (type, issuing body, year).
pub fn filter_values(d: &Doc) -> (String, String, String) {
    (
        portal_core::slugify(&d.kind),
        portal_core::slugify(&d.body),
        d.issued.year.to_string(),
    )
}

impl Lists {
    pub fn new(content: &Content) -> Self {
        let docs = &content.documents;
        // By name as a reader looks for it: "Ủy ban…" among the u, not after "Văn phòng…".
        let by_name = |f: &api::Facet| (portal_core::fold::fold(&f.name), f.name.clone());
        let mut kinds = facets(docs.iter().map(|d| d.kind.as_str()));
        kinds.sort_by_cached_key(by_name);
        let mut bodies = facets(docs.iter().map(|d| d.body.as_str()));
        bodies.sort_by_cached_key(by_name);
        let years: Vec<String> = docs.iter().map(|d| d.issued.year.to_string()).collect();
        let mut years = facets(years.iter().map(String::as_str));
        years.sort_by(|a, b| b.slug.cmp(&a.slug));
        let mut lists: BTreeMap<DocFilter, DocList> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let (k, b, y) = filter_values(d);
            // Each of the eight combinations of set and unset filters.
            for mask in 0..8u8 {
                let pick = |bit: u8, v: &String| (mask & bit != 0).then(|| v.clone());
                let filter = DocFilter {
                    kind: pick(1, &k),
                    body: pick(2, &b),
                    year: pick(4, &y),
                };
                lists.entry(filter).or_default().push(i);
            }
        }
        Lists {
            kinds,
            bodies,
            years,
            lists,
        }
    }

    pub fn index(&self, total: usize) -> api::DocumentIndex {
        api::DocumentIndex {
            kinds: self.kinds.clone(),
            bodies: self.bodies.clone(),
            years: self.years.clone(),
            total: total as u32,
        }
    }

    /// The lists that are also pages of their own (no filter, or one): `(filter, page)`.
    pub fn html_pages(&self) -> Vec<(&DocFilter, u32)> {
        self.pages()
            .into_iter()
            .filter(|(f, _)| [&f.kind, &f.body, &f.year].iter().filter(|v| v.is_some()).count() <= 1)
            .collect()
    }

    /// Every page of every list.
    pub fn pages(&self) -> Vec<(&DocFilter, u32)> {
        self.lists
            .iter()
            .flat_map(|(f, l)| (0..=paths::archive_pages(l.len())).map(move |p| (f, p)))
            .collect()
    }

    /// The documents of a list's page, by index.
    pub fn page_documents(&self, filter: &DocFilter, page: u32) -> &[usize] {
        let Some(all) = self.lists.get(filter) else {
            return &[];
        };
        paths::page_range(all.len(), page).map_or(&[], |r| &all[r])
    }

    pub fn list(&self, content: &Content, filter: &DocFilter, page: u32) -> api::DocumentList {
        let all = self.lists.get(filter).map_or(0, Vec::len);
        api::DocumentList {
            page,
            archive_pages: paths::archive_pages_on(all, page),
            total: (page == 0).then_some(all as u32),
            documents: self
                .page_documents(filter, page)
                .iter()
                .map(|&i| summary(&content.documents[i]))
                .collect(),
        }
    }

    /// What page `page` of a list is made of, as one number, without making it.
    pub fn list_key(&self, content: &Content, filter: &DocFilter, page: u32) -> u64 {
        let all = self.lists.get(filter).map_or(0, Vec::len);
        let items: Vec<u64> = self
            .page_documents(filter, page)
            .iter()
            .map(|&i| content.documents[i].hash)
            .collect();
        super::fingerprint(&(
            filter,
            page,
            paths::archive_pages_on(all, page),
            (page == 0).then_some(all),
            items,
        ))
    }

    /// What a document's JSON (and page) is made of, as one number.
    pub fn document_key(&self, d: &Doc) -> u64 {
        let name = |list: &[api::Facet], value: &str| Self::facet(list, value).name;
        super::fingerprint(&(d.hash, name(&self.kinds, &d.kind), name(&self.bodies, &d.body)))
    }

    fn facet(list: &[api::Facet], name: &str) -> api::FacetRef {
        let slug = portal_core::slugify(name);
        let f = list
            .iter()
            .find(|f| f.slug == slug)
            .expect("every value has a facet");
        api::FacetRef {
            slug: f.slug.clone(),
            name: f.name.clone(),
        }
    }

    pub fn document(&self, d: &Doc) -> api::Document {
        api::Document {
            slug: d.slug.clone(),
            number: d.number.clone(),
            kind: Self::facet(&self.kinds, &d.kind),
            body: Self::facet(&self.bodies, &d.body),
            issued: d.issued,
            effective: d.effective,
            signer: d.signer.clone(),
            summary: d.summary.clone(),
            files: d.files.clone(),
            notes: d.notes.clone(),
        }
    }

    /// `documents/index.json`, every list page and every document.
    pub fn render(&self, content: &Content, files: &mut Files) {
        if content.documents.is_empty() {
            return;
        }
        files.insert(
            file_of(&paths::api_documents()),
            json(&self.index(content.documents.len())),
        );
        for (filter, page) in self.pages() {
            files.insert(
                file_of(&paths::api_document_list(filter, page)),
                json(&self.list(content, filter, page)),
            );
        }
        for d in &content.documents {
            files.insert(file_of(&paths::api_document(&d.slug)), json(&self.document(d)));
        }
    }
}

pub fn summary(d: &Doc) -> api::DocumentSummary {
    let (kind, body, _) = filter_values(d);
    api::DocumentSummary {
        slug: d.slug.clone(),
        number: d.number.clone(),
        kind,
        body,
        issued: d.issued,
        summary: d.summary.clone(),
    }
}
