//! The floor of SPEC §8: a Rust program that starts, prints a line and ends.

fn main() {
    println!("hello");
}
