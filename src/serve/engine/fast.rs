//! The fast path: one file whose body alone changed is parsed and its page rendered
//! again, without re-linking the site; anything that could reach another page (headings,
//! links, citations, shortcodes, glossary mentions, a refused construct) falls back to the
//! incremental path.

use super::*;

impl Engine {
    /// One file changed in its body only: re-render that page alone.
    pub(super) fn try_fast(&mut self, changed: &BTreeSet<String>) -> Option<Outcome> {
        if !self.good || self.render_all || !self.pending.is_empty() || changed.len() != 1 {
            return None;
        }
        let p = changed.iter().next()?;
        let root = self.opts.root.clone();
        let drafts = self.opts.drafts;
        let state = self.state.as_mut()?;
        let &i = state.by_content.get(p)?;
        let abs = root.join(content::CONTENT_DIR).join(p);
        if !std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_file()) {
            return None;
        }
        let mut new = content::load_file(&root, p, drafts).ok()??;
        let old = &state.site.pages[i];
        // The language is settled by the link stage; a page on the fast path keeps its own.
        new.lang = old.page.lang.clone();
        let same_front_matter =
            old.page.yaml() == new.yaml() && old.page.body_first_line == new.body_first_line;
        // Front matter may change in place for articles and plain pages; rulings, terms
        // and sections feed the extensions and the glossary, which a re-link rebuilds.
        // A page with other language versions: their notices and alternates depend on it.
        if old.page.kind != new.kind
            || old.versions.len() > 1
            || old.page.path != new.path
            || (!same_front_matter && !matches!(new.kind, PageKind::Article | PageKind::Page))
        {
            return None;
        }
        let opts = crate::parse::markdown::options(state.site.config.markdown.allow_html);
        let glossary = self.cache.glossary()?;
        let parsed = link::parse_page(&new, glossary, &opts);
        let same_shortcodes = parsed.shortcodes.len() == old.parsed.shortcodes.len()
            && parsed
                .shortcodes
                .iter()
                .zip(&old.parsed.shortcodes)
                .all(|(a, b)| a.name == b.name && a.args == b.args && a.block == b.block);
        let ids = |a: &crate::parse::markdown::Analysis| -> Vec<String> {
            a.headings.iter().map(|h| h.id.clone()).collect()
        };
        let targets = |refs: &[crate::parse::markdown::Reference]| -> BTreeSet<String> {
            refs.iter().map(|r| r.target.clone()).collect()
        };
        let (now, before) = (&parsed.analysis, &old.parsed.analysis);
        // A refused construct (a `javascript:` link, a script) is an error the full
        // re-link reports; the fast path would show the neutralised page silently. Other
        // glossary mentions change other pages' "used in" lists: a re-link too.
        if !parsed.scan_errors.is_empty()
            || !now.refused.is_empty()
            || !before.refused.is_empty()
            || !same_shortcodes
            || ids(now) != ids(before)
            || targets(&now.links) != targets(&before.links)
            || targets(&now.citations) != targets(&before.citations)
            || parsed.mentions != old.parsed.mentions
        {
            return None;
        }
        let parsed = std::sync::Arc::new(parsed);
        let sp = &mut state.site.pages[i];
        sp.page = new;
        sp.parsed = std::sync::Arc::clone(&parsed);
        self.cache.put(&sp.page, parsed);
        let started = Instant::now();
        if !same_front_matter {
            // Lists, backlinks and taxonomies show the front matter: restructure, then
            // render what the records say changed.
            link::restructure(&mut state.site);
            self.pending.insert(p.clone());
            let mut o = self.render_changed(started, false);
            o.kind = Kind::FrontMatter;
            return Some(o);
        }
        let r = renderer(state);
        let file = match r.render_page(i) {
            Ok(f) => f,
            Err(d) => {
                self.pending.insert(p.clone());
                return Some(self.failed(Kind::Fast, started, vec![d].into()));
            }
        };
        let url = state.site.url(&state.site.pages[i].page.path);
        if let Err(d) = write_files(&self.opts.out, std::slice::from_ref(&file)) {
            self.pending.insert(p.clone());
            return Some(self.failed(Kind::Fast, started, vec![d].into()));
        }
        self.search_dirty = true;
        Some(Outcome {
            kind: Kind::Fast,
            duration: started.elapsed(),
            pages_rendered: 1,
            files_written: 1,
            urls: vec![url],
            failed: None,
            warnings: Vec::new(),
        })
    }
}
