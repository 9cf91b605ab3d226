//! The lexer: source text → tokens, each with its 1-based column (counted in characters,
//! so a message points at the right place in text with non-ASCII characters).
//!
//! Tokens: numbers (`12`, `1.5`, `.5`, `1.`, `1e-3`, `2.5E+4`), names
//! (`[A-Za-z_][A-Za-z0-9_]*`), `+ - * / ^ ( ) ,`. Spaces, tabs and newlines separate tokens.

use crate::error::{SgdError, SgdResult};

/// A token kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Num(f64),
    Name(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    Comma,
    End,
}

/// A token and the column where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub col: usize,
    /// The token's text as written (for messages).
    pub text: String,
}

impl Token {
    /// How a message names this token: `end of input`, `'+'`, `number 2.5`, `name 'x'`.
    pub fn describe(&self) -> String {
        match &self.tok {
            Tok::End => "end of input".to_string(),
            Tok::Num(_) => format!("number {}", self.text),
            Tok::Name(n) => format!("name '{n}'"),
            _ => format!("'{}'", self.text),
        }
    }
}

/// An error at `col`: `expression: at column {col}: {what}`.
pub fn error_at(col: usize, what: impl std::fmt::Display) -> SgdError {
    SgdError::invalid(format!("expression: at column {col}: {what}"))
}

/// Splits `src` into tokens, ending with `Tok::End` at column (characters + 1).
pub fn tokenize(src: &str) -> SgdResult<Vec<Token>> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
            i += 1;
            continue;
        }
        let single = match c {
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '*' => Some(Tok::Star),
            '/' => Some(Tok::Slash),
            '^' => Some(Tok::Caret),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            out.push(Token { tok, col, text: c.to_string() });
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i < chars.len() && chars[i] == '.' {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                } else {
                    let found = chars.get(j).map_or("end of input".to_string(), |c| format!("'{c}'"));
                    return Err(error_at(j + 1, format!("expected digits in the exponent of a number, found {found}")));
                }
            }
            let text: String = chars[start..i].iter().collect();
            let v: f64 = text.parse().map_err(|_| error_at(col, format!("'{text}' is not a number")))?;
            if !v.is_finite() {
                return Err(error_at(col, format!("number {text} is too large (not a finite double)")));
            }
            out.push(Token { tok: Tok::Num(v), col, text });
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Token { tok: Tok::Name(text.clone()), col, text });
        } else {
            let shown = if c.is_control() { format!("U+{:04X}", c as u32) } else { format!("'{c}'") };
            return Err(error_at(
                col,
                format!("unexpected character {shown}: expected a number, a name, an operator (+ - * / ^), '(', ')' or ','"),
            ));
        }
    }
    out.push(Token { tok: Tok::End, col: chars.len() + 1, text: String::new() });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_names_and_columns() {
        let t = tokenize("  .5*x_1 - 1e-3^2.").unwrap();
        let toks: Vec<Tok> = t.iter().map(|t| t.tok.clone()).collect();
        assert_eq!(
            toks,
            vec![Tok::Num(0.5), Tok::Star, Tok::Name("x_1".into()), Tok::Minus, Tok::Num(1e-3), Tok::Caret, Tok::Num(2.0), Tok::End]
        );
        assert_eq!(t[0].col, 3);
        assert_eq!(t[2].col, 6);
        assert_eq!(t.last().unwrap().col, 19);
    }

    #[test]
    fn bad_characters_and_numbers() {
        let e = tokenize("x + é").unwrap_err();
        assert!(e.message.contains("column 5") && e.message.contains("'é'"), "{}", e.message);
        assert!(tokenize("1e").unwrap_err().message.contains("exponent"));
        assert!(tokenize("1e999").unwrap_err().message.contains("too large"));
        assert!(tokenize("x $").unwrap_err().message.contains("column 3"));
    }
}
