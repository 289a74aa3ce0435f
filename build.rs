//! Links desk's executables at a fixed address (`-no-pie`) on x86-64 Linux.
//!
//! desk is started once per command, so start-up counts: as a position-independent
//! executable the dynamic loader first rewrites ~92,000 pointers (2.2 MB of relocated data,
//! each page copied on write), which took 1.7 ms of `desk --version`'s 3.4 ms and ~2.7 ms of a
//! `desk new` (docs/benchmarks.md, "Start-up"). Shared libraries, stack and heap are still
//! placed at random addresses; only the executable's own image is not.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target == "x86_64-unknown-linux-gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
