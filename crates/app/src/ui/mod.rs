//! The page's components, one module per panel.

pub mod add_node;
pub mod console_panel;
pub mod controls;
pub mod daemonsets;
pub mod editor;
pub mod node_panel;
pub mod tiles;
pub mod timeline;
pub mod tour;
