//! End-to-end tests of the expression pipeline: derivatives against the hand-written
//! landscapes, error messages, limits, and a no-panic fuzz over malformed input.

use super::*;
use crate::landscape::{Landscape, Ring, SeparableDoubleWell};

fn names(vars: &[&str], params: &[(&str, f64)]) -> Names {
    Names::new(vars.iter().map(|s| s.to_string()).collect(), params.iter().map(|(n, v)| (n.to_string(), *v)).collect()).unwrap()
}

fn land(src: &str, vars: &[&str], params: &[(&str, f64)]) -> ExpressionLandscape {
    ExpressionLandscape::new(src, &names(vars, params)).unwrap_or_else(|e| panic!("{:.80}: {}", src, e.message))
}

fn err(src: &str, vars: &[&str]) -> String {
    match ExpressionLandscape::new(src, &names(vars, &[])) {
        Ok(_) => panic!("{:.80} should fail", src),
        Err(e) => e.message,
    }
}

/// A tiny deterministic generator (SplitMix64) for test points and fuzz input.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

fn compare(e: &dyn Landscape, r: &dyn Landscape, seed: u64) {
    let d = r.dim();
    assert_eq!(e.dim(), d);
    let mut gen = Gen(seed);
    let m = 150;
    let xs: Vec<f64> = (0..m * d).map(|_| gen.uniform(-2.0, 2.0)).collect();
    let (mut ge, mut gr) = (vec![0.0; m * d], vec![0.0; m * d]);
    e.gradient_batch(&xs, &mut ge);
    r.gradient_batch(&xs, &mut gr);
    for k in 0..m * d {
        assert!(close(ge[k], gr[k], 1e-12), "gradient {k}: {} vs {}", ge[k], gr[k]);
    }
    let (mut ve, mut vr) = (vec![0.0; m], vec![0.0; m]);
    e.value_batch(&xs, &mut ve);
    r.value_batch(&xs, &mut vr);
    for p in 0..m {
        assert!(close(ve[p], vr[p], 1e-12), "value {p}: {} vs {}", ve[p], vr[p]);
    }
    for p in 0..m {
        let x = &xs[p * d..(p + 1) * d];
        assert!(close(e.value(x), r.value(x), 1e-12));
        let (mut he, mut hr) = (vec![0.0; d * d], vec![0.0; d * d]);
        e.hessian(x, &mut he);
        r.hessian(x, &mut hr);
        for k in 0..d * d {
            assert!(close(he[k], hr[k], 1e-12), "hessian {k}: {} vs {}", he[k], hr[k]);
        }
        let v: Vec<f64> = (0..d).map(|_| gen.uniform(-1.0, 1.0)).collect();
        let (mut ve, mut vr) = (vec![0.0; d], vec![0.0; d]);
        e.hessian_vector(x, &v, &mut ve);
        r.hessian_vector(x, &v, &mut vr);
        for k in 0..d {
            assert!(close(ve[k], vr[k], 1e-12), "hvp {k}: {} vs {}", ve[k], vr[k]);
        }
    }
}

#[test]
fn matches_the_built_in_landscapes() {
    compare(&land("(x^2-1)^2", &["x"], &[]), &SeparableDoubleWell::new(1, 1.0, 8.0, 0.0).unwrap(), 1);
    let (h, k, c) = (0.7, 5.0, 0.3);
    let a = (8.0 * h / k as f64).sqrt();
    compare(
        &land("h*((x/a)^2-1)^2 + c*x + h*((y/a)^2-1)^2 + c*y", &["x", "y"], &[("h", h), ("a", a), ("c", c)]),
        &SeparableDoubleWell::new(2, h, k, c).unwrap(),
        2,
    );
    compare(
        &land("0.25*(x^2+y^2+z^2)^2 - 0.5*(x^2+y^2+z^2)", &["x", "y", "z"], &[]),
        &Ring::new(3).unwrap(),
        3,
    );
}

#[test]
fn integer_powers_compile_to_multiplies() {
    let l = land("(x^2-1)^2", &["x"], &[]);
    // gradient 4·x·(x² − 1): x·x, +(−1), ·x, ·4 (and one store)
    assert!(l.program_sizes()[1] <= 5, "{:?}", l.program_sizes());
}

#[test]
fn sum_expands() {
    let l = land("sum(k, 1, 4, x^k / k)", &["x"], &[]);
    let x = 0.7f64;
    let exact: f64 = (1..=4).map(|k| x.powi(k) / k as f64).sum();
    assert!(close(l.value(&[x]), exact, 1e-14));
    let mut g = [0.0];
    l.gradient(&[x], &mut g);
    assert!(close(g[0], (1..=4).map(|k| x.powi(k - 1)).sum(), 1e-14));
    assert_eq!(land("sum(k, 3, 1, x)", &["x"], &[]).value(&[2.0]), 0.0);
    assert!(err("sum(x, 1, 2, x)", &["x"]).contains("already a variable"));
    assert!(err("sum(k, 1, x, k)", &["x"]).contains("constant"));
}

#[test]
fn messages_say_where_and_what() {
    let m = err("(x^2-1", &["x"]);
    assert_eq!(m, "expression: at column 7: expected ')' or an operator, found end of input");
    let m = err("x + z", &["x", "y"]);
    assert!(m.contains("column 5") && m.contains("unknown name 'z'") && m.contains("x, y") && m.contains("sin"), "{m}");
    assert!(err("", &["x"]).contains("empty"));
    assert!(err("   ", &["x"]).contains("empty"));
    assert!(err("2x", &["x"]).contains("column 2: expected an operator or end of input, found name 'x'"));
    assert!(err("x)", &["x"]).contains("no matching"));
    assert!(err("sin x", &["x"]).contains("expected '(' after the function name 'sin'"));
    assert!(err("sin(x, x)", &["x"]).contains("sin takes 1 argument"));
    assert!(err("min(x)", &["x"]).contains("min takes 2 arguments"));
    assert!(err("foo(x)", &["x"]).contains("unknown function 'foo'"));
    assert!(err("x(2)", &["x"]).contains("'x' is a variable, not a function"));
    assert!(err("x * * 2", &["x"]).contains("column 5: expected a number, a name or '(', found '*'"));
    let deep = format!("{}x{}", "(".repeat(200), ")".repeat(200));
    assert!(err(&deep, &["x"]).contains("nested more than"));
    let ok = format!("{}x{}", "(".repeat(99), ")".repeat(99));
    assert_eq!(land(&ok, &["x"], &[]).value(&[3.0]), 3.0);
    assert!(err(&"-".repeat(500), &["x"]).contains("nested"));
    assert!(err(&"x^".repeat(500), &["x"]).contains("nested"));
}

#[test]
fn names_are_checked() {
    let bad = |v: &[&str], p: &[(&str, f64)]| {
        Names::new(v.iter().map(|s| s.to_string()).collect(), p.iter().map(|(n, v)| (n.to_string(), *v)).collect()).unwrap_err().message
    };
    assert!(bad(&["x", "x"], &[]).contains("appears twice"));
    assert!(bad(&["sin"], &[]).contains("function"));
    assert!(bad(&["x"], &[("x", 1.0)]).contains("both a variable and a parameter"));
    assert!(bad(&["x"], &[("k", f64::NAN)]).contains("finite"));
    assert!(bad(&["1x"], &[]).contains("not allowed"));
    assert!(bad(&[], &[]).contains("at least one"));
}

#[test]
fn long_flat_expressions_do_not_recurse() {
    // 15 000 terms: a chain 15 000 deep in the graph, processed by loops.
    let src = vec!["x*y"; 15_000].join("+") + "+sin(x)";
    let l = land(&src, &["x", "y"], &[]);
    let mut g = [0.0; 2];
    l.gradient(&[0.5, 2.0], &mut g);
    assert!(close(g[0], 15_000.0 * 2.0 + 0.5f64.cos(), 1e-12));
    let src2: String = (0..3000).map(|i| format!("sin({i}*x)")).collect::<Vec<_>>().join("+");
    let l2 = land(&src2, &["x"], &[]);
    let mut h = [0.0];
    l2.hessian(&[0.3], &mut h);
    let exact: f64 = (0..3000).map(|i| -((i * i) as f64) * (i as f64 * 0.3).sin()).sum();
    assert!(close(h[0], exact, 1e-9), "{} vs {exact}", h[0]);
}

#[test]
fn blow_up_is_an_error_not_a_crash() {
    let src = format!("sum(i, 1, 100000, {})", "sin(x*y*i)");
    let m = err(&src, &["x", "y"]);
    assert!(m.contains("too large") || m.contains("expands"), "{m}");
}

#[test]
fn fuzz_never_panics() {
    let pieces = [
        "x", "y", "k", "1", "2.5", ".5", "1e-3", "1e", "+", "-", "*", "/", "^", "(", ")", ",", "sin", "cos", "tan", "exp",
        "log", "sqrt", "tanh", "sigmoid", "abs", "min", "max", "sum", " ", "é", "∞", "$", "0", "x^2", "((", "))", "i",
    ];
    let valid = ["(x^2-1)^2 + 0.5*y^2", "min(x, y)^3 - k*abs(x)", "sum(i, 1, 3, sin(i*x))/max(1, y^2)", "x^-2*tanh(y)"];
    let mut gen = Gen(7);
    let names = names(&["x", "y"], &[("k", 2.0)]);
    let mut ok = 0;
    for _ in 0..20_000 {
        let src: String = match gen.below(3) {
            0 => (0..gen.below(12)).map(|_| pieces[gen.below(pieces.len())]).collect(),
            1 => {
                let v: Vec<char> = valid[gen.below(valid.len())].chars().collect();
                let cut = gen.below(v.len() + 1);
                let mut s: Vec<char> = v[..cut].to_vec();
                if gen.below(2) == 0 {
                    let at = gen.below(s.len() + 1);
                    s.insert(at, pieces[gen.below(pieces.len())].chars().next().unwrap_or('x'));
                }
                s.into_iter().collect()
            }
            _ => {
                let depth = gen.below(300);
                format!("{}x{}", "(".repeat(depth), ")".repeat(gen.below(300)))
            }
        };
        if let Ok(l) = ExpressionLandscape::new(&src, &names) {
            ok += 1;
            let mut g = [0.0; 2];
            l.gradient(&[0.3, -0.4], &mut g);
            let mut h = [0.0; 4];
            l.hessian(&[0.3, -0.4], &mut h);
        }
    }
    assert!(ok > 100, "only {ok} valid");
}

#[test]
fn bytecode_matches_the_graph_evaluator() {
    // Every function and operator, against direct scalar evaluation of the same graph.
    let src = "sin(x)*cos(y) + tan(x/3) + exp(-x^2) + log(2+y^2) + sqrt(1+x^2) + tanh(y) + sigmoid(x-y) \
               + abs(x) + min(x, y) + max(x, 2*y) + 2^x + x^y^2/(1+y^4) + 1/(3+x)^3 - x^-2";
    let n = names(&["x", "y"], &[]);
    let tokens = lexer::tokenize(src).unwrap();
    let mut g = Graph::new(MAX_NODES);
    let root = parser::parse(&tokens, &n, &mut g).unwrap();
    let l = ExpressionLandscape::new(src, &n).unwrap();
    let mut gen = Gen(11);
    for _ in 0..200 {
        let x = [gen.uniform(0.1, 2.0), gen.uniform(0.1, 2.0)];
        let direct = g.evaluate(root, &x);
        assert!(close(l.value(&x), direct, 1e-15), "{} vs {direct}", l.value(&x));
    }
}

#[test]
fn live_ranges_stay_short() {
    // 2000 terms sharing subexpressions across outputs: the scheduler advances the outputs
    // in lockstep and recomputes cheap nodes, so the hot gradient keeps few values live.
    for src in ["sum(k, 1, 2000, sin(k*x)*y)", "sum(i, 1, 2000, sin(i*x*y))"] {
        let l = land(src, &["x", "y"], &[]);
        assert!(l.registers()[1] < 16, "{src}: {:?} registers ({:?} instructions)", l.registers(), l.program_sizes());
    }
}
/// A random well-formed formula in x, y (depth-bounded).
fn random_formula(gen: &mut Gen, depth: usize) -> String {
    if depth == 0 || gen.below(4) == 0 {
        return match gen.below(4) {
            0 => "x".into(),
            1 => "y".into(),
            2 => format!("{}", gen.below(5) as f64 * 0.5 + 0.5),
            _ => "k".into(),
        };
    }
    let a = random_formula(gen, depth - 1);
    let b = random_formula(gen, depth - 1);
    match gen.below(16) {
        0 => format!("({a} + {b})"),
        1 => format!("({a} - {b})"),
        2 | 3 => format!("{a} * {b}"),
        4 => format!("{a} / (2 + {b}^2)"),
        5 => format!("({a})^{}", gen.below(6) as i32 - 2),
        6 => format!("-{a}"),
        7 => format!("sin({a})"),
        8 => format!("cos({a}) * {b}"),
        9 => format!("exp(-({a})^2)"),
        10 => format!("log(1 + ({a})^2)"),
        11 => format!("sqrt(1 + ({b})^2)"),
        12 => format!("tanh({a}) + sigmoid({b})"),
        13 => format!("min({a}, {b})"),
        14 => format!("max({a}, {b}) * abs({a})"),
        _ => format!("(1.5 + {a}^2)^({b} * 0.1)"),
    }
}

#[test]
fn compiled_programs_equal_the_graph_they_come_from() {
    // Scheduling, rematerialisation and register reuse must not change a single bit:
    // every program output equals the scalar evaluation of its node.
    let n = names(&["x", "y"], &[("k", 0.75)]);
    let mut gen = Gen(99);
    for _ in 0..300 {
        let src = random_formula(&mut gen, 5);
        let mut g = Graph::new(MAX_NODES);
        let root = parser::parse(&lexer::tokenize(&src).unwrap(), &n, &mut g).unwrap();
        let grad: Vec<_> = (0..2).map(|j| diff::derivatives(&mut g, &[root], j)[0]).collect();
        let h01 = diff::derivatives(&mut g, &grad[..2], 1)[0];
        let l = ExpressionLandscape::new(&src, &n).unwrap();
        for _ in 0..4 {
            let x = [gen.uniform(-2.0, 2.0), gen.uniform(-2.0, 2.0)];
            let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
            assert!(same(l.value(&x), g.evaluate(root, &x)), "{src}");
            let mut gr = [0.0; 2];
            l.gradient(&x, &mut gr);
            assert!(same(gr[0], g.evaluate(grad[0], &x)) && same(gr[1], g.evaluate(grad[1], &x)), "{src}");
            let mut h = [0.0; 4];
            l.hessian(&x, &mut h);
            assert!(same(h[1], g.evaluate(h01, &x)) && same(h[2], h[1]), "{src}");
        }
    }
}

#[test]
fn value_batch_is_bit_identical_to_value() {
    // Kernels mix batched values (SGD noise, MALA) with single-point ones: they must agree exactly.
    let e = land("0.12*(x^2-1)^2*(1 + 3*(1+tanh(x))^2) + exp(-y^2)*sin(x*y) + 0.3 - 0.06*x + sqrt(1 + y^2)", &["x", "y"], &[]);
    let mut gen = Gen(11);
    let m = 37; // not a multiple of the lane count
    let xs: Vec<f64> = (0..2 * m).map(|_| gen.uniform(-3.0, 3.0)).collect();
    let mut batch = vec![0.0; m];
    e.value_batch(&xs, &mut batch);
    for p in 0..m {
        assert_eq!(batch[p].to_bits(), e.value(&xs[2 * p..2 * p + 2]).to_bits(), "point {p}");
    }
}
