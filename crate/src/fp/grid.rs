//! The uniform finite-volume grid of the 1-D Fokker–Planck solver and its boundary
//! conditions.
//!
//! `n` cells of width `h = (b − a)/n` on `[a, b]`; cell `i` is `[a + ih, a + (i+1)h]` with
//! centre `xᵢ = a + (i + ½)h`; face `f` (`0..=n`) sits at `a + f h`, between cells `f − 1`
//! and `f`. Unknowns are cell averages of the density (finite volumes; LeVeque, *Finite
//! Volume Methods for Hyperbolic Problems*, §4.1).

use crate::error::{SgdError, SgdResult};

/// Largest cell count accepted (memory is `O(n)`; this keeps every index in `u32`).
pub const MAX_CELLS: usize = 1 << 26;

/// What happens at one end of the interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// Zero flux through the face: mass is conserved.
    Reflecting,
    /// The density vanishes at the face (`p(a) = 0`): mass that reaches it is lost.
    Absorbing,
    /// The two ends are identified (must be set on both sides).
    Periodic,
}

impl Boundary {
    /// ABI code: 0 reflecting, 1 absorbing, 2 periodic.
    pub fn from_code(side: &str, code: u32) -> SgdResult<Boundary> {
        match code {
            0 => Ok(Boundary::Reflecting),
            1 => Ok(Boundary::Absorbing),
            2 => Ok(Boundary::Periodic),
            _ => Err(SgdError::invalid(format!(
                "boundary.{side} = {code} is not allowed: 0 (reflecting), 1 (absorbing) or 2 (periodic)"
            ))),
        }
    }
}

/// The grid plus the boundary condition on each side.
#[derive(Clone, Debug)]
pub struct Grid {
    pub a: f64,
    pub b: f64,
    pub n: usize,
    pub h: f64,
    pub left: Boundary,
    pub right: Boundary,
}

impl Grid {
    /// Checks `a < b` (finite), `3 ≤ n ≤ MAX_CELLS`, and that periodicity is set on both
    /// sides or on neither.
    pub fn new(a: f64, b: f64, n: usize, left: Boundary, right: Boundary) -> SgdResult<Grid> {
        if !a.is_finite() || !b.is_finite() || !(a < b) {
            return Err(SgdError::invalid(format!(
                "domain = [{a}, {b}] is not allowed: it must be [a, b] with finite a < b"
            )));
        }
        if !(3..=MAX_CELLS).contains(&n) {
            return Err(SgdError::invalid(format!("cells = {n} is not allowed: it must be an integer in [3, {MAX_CELLS}]")));
        }
        if (left == Boundary::Periodic) != (right == Boundary::Periodic) {
            return Err(SgdError::invalid(format!(
                "boundary = {{ left: {left:?}, right: {right:?} }} is not allowed: periodic must be set on both sides or on neither"
            )));
        }
        let h = (b - a) / n as f64;
        if !(h > 0.0) || !h.is_finite() || a + h == a {
            return Err(SgdError::invalid(format!(
                "domain = [{a}, {b}] with cells = {n} is not allowed: the cell width (b − a)/cells must be a positive finite number resolvable at a"
            )));
        }
        Ok(Grid { a, b, n, h, left, right })
    }

    /// Centre of cell `i`: `a + (i + ½)h`.
    pub fn centre(&self, i: usize) -> f64 {
        self.a + (i as f64 + 0.5) * self.h
    }

    /// Position of face `f`: `a + f h`.
    pub fn face(&self, f: usize) -> f64 {
        self.a + f as f64 * self.h
    }

    /// Whether the two ends are identified.
    pub fn periodic(&self) -> bool {
        self.left == Boundary::Periodic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_grids() {
        use Boundary::*;
        assert!(Grid::new(0.0, 1.0, 2, Reflecting, Reflecting).is_err());
        assert!(Grid::new(1.0, 0.0, 10, Reflecting, Reflecting).is_err());
        assert!(Grid::new(0.0, f64::NAN, 10, Reflecting, Reflecting).is_err());
        assert!(Grid::new(0.0, 1.0, 10, Periodic, Reflecting).is_err());
        assert!(Grid::new(0.0, 1.0, 10, Periodic, Periodic).is_ok());
        assert!(Boundary::from_code("left", 7).is_err());
        let g = Grid::new(-1.0, 1.0, 4, Absorbing, Reflecting).unwrap();
        assert_eq!(g.centre(0), -0.75);
        assert_eq!(g.face(4), 1.0);
    }
}
