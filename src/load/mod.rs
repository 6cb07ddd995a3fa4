//! Stage 1, load: read the configuration, the theme and every content file, and type
//! their YAML with positions kept for diagnostics. Loading never renders; every problem
//! is collected, not just the first.

pub mod config;
pub mod content;
pub mod history;
pub mod languages;
pub mod strings;
pub mod theme;
pub mod upkeep_config;
pub mod yaml;
