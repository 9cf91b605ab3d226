//! The handle table: every object the JS side holds is a `u32` handle
//! `(generation << 16) | slot`. A disposed slot's generation is bumped, so a stale handle
//! is rejected; a slot whose generation would wrap is retired for good, so a stale
//! handle can never alias a newer object. Generation 0 is never issued: handle 0 is null.

use std::rc::Rc;

use crate::error::{ErrorCode, SgdError, SgdResult};
use crate::landscape::Landscape;
use crate::sde::Ensemble;

/// Everything that can sit behind a handle.
pub enum Object {
    Landscape(Rc<dyn Landscape>),
    Ensemble(Box<Ensemble>),
    FokkerPlanck1D(Box<crate::fp::FokkerPlanck1D>),
    FokkerPlanck2D(Box<crate::fp::FokkerPlanck2D>),
    /// A data loss; also usable wherever a landscape is.
    Objective(Rc<crate::sgd::Objective>),
    SgdRun(Box<crate::sgd::SgdRun>),
}

impl Object {
    fn kind(&self) -> &'static str {
        match self {
            Object::Landscape(_) => "landscape",
            Object::Ensemble(_) => "ensemble",
            Object::FokkerPlanck1D(_) => "fokker-planck-1d solver",
            Object::FokkerPlanck2D(_) => "fokker-planck-2d solver",
            Object::Objective(_) => "objective",
            Object::SgdRun(_) => "sgd run",
        }
    }
}

struct Slot {
    generation: u16,
    object: Option<Object>,
}

#[derive(Default)]
pub struct HandleTable {
    slots: Vec<Slot>,
    free: Vec<u16>,
}

const MAX_SLOTS: usize = 1 << 16;

fn split(handle: u32) -> (usize, u16) {
    ((handle & 0xffff) as usize, (handle >> 16) as u16)
}

impl HandleTable {
    pub fn insert(&mut self, object: Object) -> SgdResult<u32> {
        let index = match self.free.pop() {
            Some(i) => i as usize,
            None if self.slots.len() < MAX_SLOTS => {
                self.slots.push(Slot { generation: 1, object: None });
                self.slots.len() - 1
            }
            None => {
                return Err(SgdError {
                    code: ErrorCode::OutOfMemory,
                    message: format!("too many live objects ({MAX_SLOTS}): dispose objects you no longer need"),
                    divergence: None,
                })
            }
        };
        let slot = &mut self.slots[index];
        slot.object = Some(object);
        Ok(((slot.generation as u32) << 16) | index as u32)
    }

    fn slot(&self, handle: u32) -> SgdResult<&Slot> {
        let (index, generation) = split(handle);
        match self.slots.get(index) {
            Some(s) if s.generation == generation && generation != 0 && s.object.is_some() => Ok(s),
            _ => Err(SgdError::handle(format!(
                "handle {handle:#x} is not a live object: it was disposed, or never issued by this module instance"
            ))),
        }
    }

    pub fn get(&self, handle: u32) -> SgdResult<&Object> {
        Ok(self.slot(handle)?.object.as_ref().expect("slot() checked the object is present"))
    }

    pub fn get_mut(&mut self, handle: u32) -> SgdResult<&mut Object> {
        self.slot(handle)?;
        let (index, _) = split(handle);
        Ok(self.slots[index].object.as_mut().expect("slot() checked the object is present"))
    }

    pub fn landscape(&self, handle: u32) -> SgdResult<Rc<dyn Landscape>> {
        match self.get(handle)? {
            Object::Landscape(l) => Ok(l.clone()),
            Object::Objective(o) => Ok(o.clone()),
            other => Err(wrong_kind(handle, "landscape", other.kind())),
        }
    }

    pub fn objective(&self, handle: u32) -> SgdResult<Rc<crate::sgd::Objective>> {
        match self.get(handle)? {
            Object::Objective(o) => Ok(o.clone()),
            other => Err(wrong_kind(handle, "objective", other.kind())),
        }
    }

    pub fn sgd_run(&mut self, handle: u32) -> SgdResult<&mut crate::sgd::SgdRun> {
        match self.get_mut(handle)? {
            Object::SgdRun(r) => Ok(r),
            other => Err(wrong_kind(handle, "sgd run", other.kind())),
        }
    }

    pub fn ensemble(&mut self, handle: u32) -> SgdResult<&mut Ensemble> {
        match self.get_mut(handle)? {
            Object::Ensemble(e) => Ok(e),
            other => Err(wrong_kind(handle, "ensemble", other.kind())),
        }
    }

    pub fn fokker_planck_1d(&mut self, handle: u32) -> SgdResult<&mut crate::fp::FokkerPlanck1D> {
        match self.get_mut(handle)? {
            Object::FokkerPlanck1D(f) => Ok(f),
            other => Err(wrong_kind(handle, "fokker-planck-1d solver", other.kind())),
        }
    }

    pub fn fokker_planck_2d(&mut self, handle: u32) -> SgdResult<&mut crate::fp::FokkerPlanck2D> {
        match self.get_mut(handle)? {
            Object::FokkerPlanck2D(f) => Ok(f),
            other => Err(wrong_kind(handle, "fokker-planck-2d solver", other.kind())),
        }
    }

    /// Drops the object; the handle (and every copy of it) becomes invalid.
    pub fn remove(&mut self, handle: u32) -> SgdResult<()> {
        self.slot(handle)?;
        let (index, _) = split(handle);
        let slot = &mut self.slots[index];
        slot.object = None;
        if slot.generation < u16::MAX {
            slot.generation += 1;
            self.free.push(index as u16);
        }
        Ok(())
    }

    /// Number of live objects (for leak tests).
    pub fn live(&self) -> usize {
        self.slots.iter().filter(|s| s.object.is_some()).count()
    }
}

fn wrong_kind(handle: u32, wanted: &str, got: &str) -> SgdError {
    SgdError::handle(format!("handle {handle:#x} is a {got}, not a {wanted}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::Ring;

    fn ring() -> Object {
        Object::Landscape(Rc::new(Ring::new(2).unwrap()))
    }

    #[test]
    fn stale_and_foreign_handles_are_errors() {
        let mut t = HandleTable::default();
        let a = t.insert(ring()).unwrap();
        assert!(t.landscape(a).is_ok());
        t.remove(a).unwrap();
        assert_eq!(t.get(a).err().unwrap().code, ErrorCode::InvalidHandle);
        assert!(t.remove(a).is_err());
        let b = t.insert(ring()).unwrap();
        assert_ne!(a, b, "a reused slot gets a new generation");
        assert!(t.get(0).is_err());
        assert!(t.get(0xdead_beef).is_err());
        assert!(t.ensemble(b).is_err());
        assert_eq!(t.live(), 1);
    }

    #[test]
    fn a_wrapped_slot_is_retired() {
        let mut t = HandleTable::default();
        let first = t.insert(ring()).unwrap();
        t.remove(first).unwrap();
        for _ in 0..(u16::MAX as usize) {
            let h = t.insert(ring()).unwrap();
            t.remove(h).unwrap();
        }
        assert!(t.get(first).is_err());
        assert!(t.slots.len() >= 2, "the exhausted slot is not reused");
    }
}
