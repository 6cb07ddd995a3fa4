//! What a page's template needs to speak its language: `lang` (code, direction, start
//! page), `strings` (the theme's table), the language menu, `hreflang` alternates, the
//! menus in that language and, on a translation, what it translates and whether the
//! source has changed since.

use super::{ser, Link, Renderer};
use crate::link::Freshness;
use crate::load::config::MenuItem;
use crate::load::languages::Language;
use minijinja::{context, Value};
use serde::Serialize;

#[derive(Serialize)]
struct MenuLanguage {
    code: String,
    dir: &'static str,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    url: String,
}

impl Renderer<'_> {
    /// The language variables of page `page`, or of a generated page (default language).
    pub(super) fn language_vars(&self, page: Option<usize>) -> Vec<(&'static str, Value)> {
        let site = self.site;
        let config = &site.config;
        let lang_id = page
            .map(|i| site.pages[i].page.lang.as_str())
            .unwrap_or(config.default_language().id.as_str());
        let lang = config
            .language_by_id(lang_id)
            .unwrap_or(config.default_language());
        let strings = self.theme.strings.for_language(config, &lang.id);
        let home_url = site.url(&lang.home_path());
        let mut vars = vec![
            (
                "lang",
                context! {
                    id => lang.id.clone(),
                    code => lang.code.clone(),
                    dir => lang.dir,
                    name => lang.name.clone(),
                    home_url => home_url,
                    site_title => lang.title.clone().unwrap_or_else(|| config.title.clone()),
                },
            ),
            ("menu", ser(self.menu_in(&config.menu, lang))),
            (
                "footer_links",
                ser(self.menu_in(&config.footer_links, lang)),
            ),
        ];
        vars.push(("language_menu", ser(self.language_menu(page, lang))));
        let alternates: Vec<Alternate> = page
            .map(|i| site.alternates(i))
            .unwrap_or_default()
            .into_iter()
            .map(|(hreflang, path)| Alternate {
                hreflang,
                url: self.permalink(path),
            })
            .collect();
        vars.push(("alternates", ser(alternates)));
        let translation = page.and_then(|i| {
            let sp = &site.pages[i];
            let t = sp.page.translation.as_ref()?;
            let source = &site.pages[sp.source?];
            let format = strings.get("date_format").map_or("iso", String::as_str);
            Some(context! {
                translated => t.translated.to_string(),
                translated_text => t.translated.format_as(format),
                source_url => site.url(&source.page.path),
                source_title => source.page.meta.title.clone(),
                source_code => config.default_language().code.clone(),
                behind => matches!(sp.freshness, Freshness::Behind(_)),
            })
        });
        vars.push((
            "translation",
            translation.unwrap_or_else(|| Value::from(false)),
        ));
        vars.push(("strings", ser(strings)));
        vars
    }

    /// Each language once: the same page where it exists in that language, else that
    /// language's start page; languages with neither are left out.
    fn language_menu(&self, page: Option<usize>, current: &Language) -> Vec<MenuLanguage> {
        let site = self.site;
        site.config
            .languages
            .iter()
            .filter_map(|l| {
                let path = match page.and_then(|i| site.version_in(i, &l.id)) {
                    Some(v) => site.pages[v].page.path.clone(),
                    None => {
                        let home = l.home_path();
                        site.by_path.contains_key(&home).then_some(home)?
                    }
                };
                Some(MenuLanguage {
                    code: l.code.clone(),
                    dir: l.dir,
                    name: l.name.clone(),
                    url: site.url(&path),
                    current: l.id == current.id,
                })
            })
            .collect()
    }

    /// A configured menu in `lang`: each item that leads to a page shown as that page's
    /// version in the language (its title and URL), or left out where there is none;
    /// external links are kept.
    fn menu_in(&self, items: &[MenuItem], lang: &Language) -> Vec<Link> {
        let site = self.site;
        let default = &site.config.default_language().id;
        items
            .iter()
            .filter_map(|m| {
                if lang.id == *default || m.url.contains("://") {
                    return Some(Link {
                        title: m.title.clone(),
                        url: self.site_url_or_abs(&m.url),
                    });
                }
                let path = m.url.trim_start_matches('/');
                let &page = site.by_path.get(path)?;
                let p = &site.pages[site.version_in(page, &lang.id)?].page;
                Some(Link {
                    title: p.meta.title.clone(),
                    url: site.url(&p.path),
                })
            })
            .collect()
    }
}
