//! Native (x86_64, release) build of the same kernels, for `npm run bench`:
//! `sgdyn-bench-native em <dim> <n> <steps> <seed>` runs Euler–Maruyama on the separable
//! double well `(x² − 1)²` at T = 0.25, Δt = 1e-3, and prints one JSON line with the
//! nanoseconds per trajectory-step and a checksum of the final positions.
//!
//! `sgdyn-bench-native sgd <dim> <examples> <batch> <replicas> <steps> <seed>` runs minibatch
//! SGD (with replacement, η = 0.01) on linear regression with the data of
//! `sgd.data.linearRegression({ seed, examples, dim })` (the same streams, so the same bits) and
//! prints the nanoseconds per replica-step and a checksum.

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

fn sgd(args: &[String]) {
    use sgdyn::rng::stream_for;
    use sgdyn::sgd::models::Linear;
    use sgdyn::sgd::run::{Optimiser, Oracle, SgdRun};
    use sgdyn::sgd::sampler::SamplerKind;
    use sgdyn::sgd::schedule::Schedule;
    use sgdyn::sgd::{Normalisation, Objective, OutputLoss};
    let (d, n, b, replicas, steps, seed) = (
        arg(args, 2, "dim") as usize,
        arg(args, 3, "examples") as usize,
        arg(args, 4, "batch") as usize,
        arg(args, 5, "replicas") as usize,
        arg(args, 6, "steps"),
        arg(args, 7, "seed"),
    );
    // sgd.data.linearRegression: x from stream 0, noise (σ = 0.1) from stream 1, w* = N(0, 1/d) from stream 2
    let mut sx = stream_for(seed, 0);
    let x: Vec<f64> = (0..n * d).map(|_| sx.normal()).collect();
    let mut sw = stream_for(seed, 2);
    let w: Vec<f64> = (0..d).map(|_| sw.normal() / (d as f64).sqrt()).collect();
    let mut se = stream_for(seed, 1);
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let mut f = 0.0;
            for j in 0..d {
                f += w[j] * x[i * d + j];
            }
            f + 0.1 * se.normal()
        })
        .collect();
    let objective = Objective::new(Box::new(Linear::new(d, 1, false).expect("model")), OutputLoss::Squared, &x, &y, Normalisation::HalfMean, 0.0).expect("objective");
    let oracle = Oracle::data(Rc::new(objective), SamplerKind::WithReplacement, b, replicas).expect("oracle");
    let optimiser = Optimiser::new(Schedule::constant(0.01), 0.0, 0, 0.0).expect("optimiser");
    let mut run = SgdRun::new(oracle, optimiser, replicas, 0, seed, &vec![0.0; d]).expect("run");
    run.advance(10, 0, &mut []).expect("warm-up");
    let start = Instant::now();
    run.advance(steps, 0, &mut []).expect("no divergence");
    let seconds = start.elapsed().as_secs_f64();
    let checksum: f64 = run.positions().iter().sum();
    println!(
        "{{\"dim\":{d},\"examples\":{n},\"batch\":{b},\"replicas\":{replicas},\"steps\":{steps},\"seconds\":{seconds},\"nsPerReplicaStep\":{},\"checksum\":{checksum}}}",
        seconds * 1e9 / (replicas as f64 * steps as f64)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("sgd") {
        return sgd(&args);
    }
    if args.get(1).map(String::as_str) != Some("em") {
        eprintln!("usage: sgdyn-bench-native em <dim> <n> <steps> <seed> | sgd <dim> <examples> <batch> <replicas> <steps> <seed>");
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
