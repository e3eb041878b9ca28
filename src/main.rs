fn main() {
    news_reader::start();
}
