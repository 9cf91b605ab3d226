//! Native (x86_64, release) build of the same kernels, for `npm run bench`:
//! `sgdyn-bench-native em <dim> <n> <steps> <seed>` runs Euler–Maruyama on the separable
//! double well `(x² − 1)²` at T = 0.25, Δt = 1e-3, and prints one JSON line with the
//! nanoseconds per trajectory-step and a checksum of the final positions.

use std::rc::Rc;
use std::time::Instant;

use sgdyn::landscape::SeparableDoubleWell;
use sgdyn::sde::{Ensemble, EnsembleSpec};

fn arg(args: &[String], i: usize, name: &str) -> u64 {
    args.get(i).and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        eprintln!("usage: sgdyn-bench-native em <dim> <n> <steps> <seed> (missing or bad {name})");
        std::process::exit(2)
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some("em") {
        eprintln!("usage: sgdyn-bench-native em <dim> <n> <steps> <seed>");
        std::process::exit(2);
    }
    let (dim, n, steps, seed) = (arg(&args, 2, "dim") as usize, arg(&args, 3, "n") as usize, arg(&args, 4, "steps"), arg(&args, 5, "seed"));
    let landscape = Rc::new(SeparableDoubleWell::new(dim, 1.0, 8.0, 0.0).expect("valid parameters"));
    let temperature = vec![0.25; dim];
    let x0 = vec![-1.0; dim];
    let spec = EnsembleSpec { n, offset: 0, seed, dt: 1e-3, temperature: &temperature, x0: &x0 };
    let mut ensemble = Ensemble::new(landscape, &spec).expect("valid ensemble");
    let start = Instant::now();
    ensemble.step(steps).expect("no divergence");
    let seconds = start.elapsed().as_secs_f64();
    let checksum: f64 = ensemble.positions().iter().sum();
    println!(
        "{{\"dim\":{dim},\"n\":{n},\"steps\":{steps},\"seconds\":{seconds},\"nsPerTrajectoryStep\":{},\"checksum\":{checksum}}}",
        seconds * 1e9 / (n as f64 * steps as f64)
    );
}
