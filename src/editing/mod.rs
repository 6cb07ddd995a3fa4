//! The editors' commands besides building and previewing: `new` scaffolds a content
//! file from a documented template.

pub mod new;
pub mod translations;
