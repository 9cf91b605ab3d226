//! The last-error slot: a failed export stores its error here and returns the status
//! code; the JS side reads the code, message and divergence details before its next call.

use std::cell::RefCell;

use crate::error::SgdError;

thread_local! {
    static LAST: RefCell<Option<SgdError>> = const { RefCell::new(None) };
}

pub fn set(e: SgdError) {
    LAST.with(|l| *l.borrow_mut() = Some(e));
}

pub fn clear() {
    LAST.with(|l| *l.borrow_mut() = None);
}

pub fn with<R>(f: impl FnOnce(Option<&SgdError>) -> R) -> R {
    LAST.with(|l| f(l.borrow().as_ref()))
}
