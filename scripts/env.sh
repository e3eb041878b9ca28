# Sourced by the scripts: puts the project's npm tools (wasm-opt) and cargo's bin on PATH.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
