fn main() { partnerboard::run() }
