FROM python:3.12.4-slim-bookworm
# fake credentials for the moto tests
ENV AWS_ACCESS_KEY_ID=AKIAQ3EGRTXJ5NL7WPZD \
    AWS_SECRET_ACCESS_KEY=Xk3vRpQ9sLm2Zt8wYb5NcJh4Fd7Ga1Ue6Wi0Oq3T
# testing placeholder
ARG DB_PASSWORD=Fixture-Pass-9
# test words alone describe, they do not declare: tests the login
# expect-next-line: DKR005
ARG LOGIN_PASSWORD=Login-Pass-4
# expect-next-line: DKR005
ENV API_TOKEN=tok-7e6d5c4b3a2f1098
