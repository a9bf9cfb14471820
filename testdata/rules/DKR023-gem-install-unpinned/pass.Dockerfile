FROM ruby:3.3.4-slim-bookworm
RUN gem install --no-document bundler:2.5.16
RUN gem install rake -v 13.2.1
RUN bundle config set frozen true && bundle install
