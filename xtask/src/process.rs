//! Running commands: echoing what runs, capturing output while still showing it, and
//! stopping every child process we started.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};

/// Prints a step the way every xtask line looks.
pub fn say(message: &str) {
    println!("xtask: {message}");
    let _ = std::io::stdout().flush();
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command` to completion with inherited output; fails if it fails.
pub fn run(command: &mut Command) -> Result<()> {
    say(&format!("running {}", describe(command)));
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed with {status}", describe(command));
    }
    Ok(())
}

/// Runs `command`, showing its output live and returning it (stdout and stderr merged),
/// with whether it succeeded.
pub fn run_captured(command: &mut Command) -> Result<(bool, String)> {
    say(&format!("running {}", describe(command)));
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    let captured = Arc::new(Mutex::new(String::new()));
    let mut readers = Vec::new();
    let stdout = child
        .stdout
        .take()
        .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>);
    let stderr = child
        .stderr
        .take()
        .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>);
    for stream in [stdout, stderr].into_iter().flatten() {
        let captured = Arc::clone(&captured);
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                println!("{line}");
                if let Ok(mut text) = captured.lock() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        }));
    }
    let status = child.wait()?;
    for reader in readers {
        let _ = reader.join();
    }
    let text = captured.lock().map(|text| text.clone()).unwrap_or_default();
    Ok((status.success(), text))
}

/// Whether a program can be found on PATH (or at the given path).
pub fn have(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).exists();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Child processes that are killed when this guard is dropped (also on Ctrl-C paths).
#[derive(Default)]
pub struct Children {
    children: Vec<(String, Child)>,
}

impl Children {
    /// Starts `command` in the background and keeps it for cleanup.
    pub fn spawn(&mut self, name: &str, command: &mut Command) -> Result<&mut Child> {
        say(&format!("starting {name}: {}", describe(command)));
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {name}"))?;
        self.children.push((name.to_string(), child));
        let last = self.children.len() - 1;
        Ok(&mut self.children[last].1)
    }

    /// The first child that has exited, if any, with its name.
    pub fn exited(&mut self) -> Option<String> {
        self.children
            .iter_mut()
            .find_map(|(name, child)| matches!(child.try_wait(), Ok(Some(_))).then(|| name.clone()))
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        for (name, child) in self.children.iter_mut().rev() {
            if matches!(child.try_wait(), Ok(None)) {
                say(&format!("stopping {name}"));
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}
