//! Calls: `and`/`or` (lazy), `include` and `tpl` (which run templates),
//! and everything else through the function library.

use std::rc::Rc;

use super::{Define, Engine, R, Scope, VIRTUAL};
use crate::helm::ast::{Arg, Pos};
use crate::helm::functions;
use crate::helm::sourcemap::Out;
use crate::helm::value::{Loc, Val, Value};

impl Engine {
    /// A function call: `and`/`or` evaluate lazily, `include`/`tpl` run
    /// templates, everything else is in [`functions`].
    pub(super) fn call(
        &mut self,
        sc: &mut Scope,
        name: &str,
        args: &[Arg],
        fin: Option<Val>,
        pos: Pos,
        cmd_pos: Pos,
    ) -> R<Val> {
        match name {
            "and" | "or" => {
                let is_and = name == "and";
                if args.is_empty() && fin.is_none() {
                    return self.fail(
                        sc,
                        pos,
                        format!("wrong number of args for {name}: want at least 1 got 0"),
                    );
                }
                let mut last = Val::nil();
                for a in args {
                    last = self.eval_arg(sc, a)?;
                    if last.truthy() != is_and {
                        return Ok(last);
                    }
                }
                if let Some(f) = fin {
                    last = f;
                }
                return Ok(last);
            }
            _ => {}
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.eval_arg(sc, a)?);
        }
        if let Some(f) = fin {
            vals.push(f);
        }
        let call_loc = self.loc(sc, cmd_pos);
        match name {
            "include" => {
                let Some(tname) = vals.first().and_then(|v| v.as_str()).map(str::to_string) else {
                    return self.fail(
                        sc,
                        cmd_pos,
                        "wrong type for value; expected string in include",
                    );
                };
                if vals.len() != 2 {
                    return self.fail(
                        sc,
                        cmd_pos,
                        format!(
                            "wrong number of args for include: want 2 got {}",
                            vals.len()
                        ),
                    );
                }
                let dot = vals.pop().unwrap_or_default();
                let out = self.call_template(sc, &tname, dot, cmd_pos, "include")?;
                Ok(Value::Str(out.into_text(Some(call_loc))).into())
            }
            "tpl" => {
                if vals.len() != 2 {
                    return self.fail(
                        sc,
                        cmd_pos,
                        format!("wrong number of args for tpl: want 2 got {}", vals.len()),
                    );
                }
                let dot = vals.pop().unwrap_or_default();
                let tv = vals.pop().unwrap_or_default();
                let Some(text) = tv.as_str() else {
                    return self.fail(
                        sc,
                        cmd_pos,
                        format!(
                            "wrong type for value; expected string; got {}",
                            tv.type_name()
                        ),
                    );
                };
                self.tpl(sc, Rc::from(text), tv.origin, dot, call_loc, cmd_pos)
            }
            _ => match functions::call(name, vals) {
                Ok(v) => Ok(v),
                Err(e) => self.fail(sc, cmd_pos, e.message(name)),
            },
        }
    }

    fn tpl(
        &mut self,
        sc: &Scope,
        text: Rc<str>,
        value: Option<Loc>,
        dot: Val,
        call: Loc,
        pos: Pos,
    ) -> R<Val> {
        let parsed = match self.tpl_cache.get(&text) {
            Some(p) => p.clone(),
            None => {
                let parsed = match crate::helm::parse::parse(&text) {
                    Ok(p) => Rc::new(p),
                    Err(e) => {
                        return self.fail(
                            sc,
                            pos,
                            format!(
                                "error calling tpl: cannot parse template {:?}: {}",
                                &*text, e.message
                            ),
                        );
                    }
                };
                if self.tpl_cache.len() < 10_000 {
                    self.tpl_cache.insert(text.clone(), parsed.clone());
                }
                parsed
            }
        };
        self.enter(sc, pos, "tpl")?;
        // Defines inside the string are visible to it (and, as in Helm's
        // clone of the template set, not after it).
        let saved: Vec<(String, Option<Define>)> = parsed
            .defines
            .iter()
            .map(|(n, body)| {
                let old = self.defines.insert(
                    n.clone(),
                    Define {
                        source: VIRTUAL,
                        body: body.clone(),
                    },
                );
                (n.clone(), old)
            })
            .collect();
        let saved_virtual = self.virtual_stack.len();
        self.virtual_stack.push(text.clone());
        let mut out = Out::default();
        let r = self.execute(VIRTUAL, &parsed.root, dot, &mut out);
        self.virtual_stack.truncate(saved_virtual);
        for (n, old) in saved {
            match old {
                Some(d) => {
                    self.defines.insert(n, d);
                }
                None => {
                    self.defines.remove(&n);
                }
            }
        }
        self.depth -= 1;
        if let Err(mut e) = r {
            if e.at.source == VIRTUAL {
                e.at = call;
            }
            e.message = format!("error calling tpl: {}", e.message);
            return Err(e);
        }
        // Bytes from the string itself have no file: they map to the tpl
        // call and to the values node the string came from.
        for p in &mut out.pieces {
            if p.origin.is_some_and(|o| o.source == VIRTUAL) {
                p.origin = None;
                p.value = p.value.or(value);
            }
            if p.via.iter().any(|l| l.source == VIRTUAL) {
                p.via = p
                    .via
                    .iter()
                    .copied()
                    .filter(|l| l.source != VIRTUAL)
                    .collect();
            }
        }
        Ok(Value::Str(out.into_text(Some(call))).into())
    }
}
