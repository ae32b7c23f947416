use std::process::ExitCode;
use anyhow::Result;
use super::Context;
pub fn run(_context: &Context, _args: crate::cli::AuditArgs) -> Result<ExitCode> { anyhow::bail!("not yet") }
