resource "aws_secretsmanager_secret_policy" "open" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS058
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    sid = "Anyone"
    principals {
      type        = "*"
      identifiers = ["*"] # expect: AWS058 "statement `Anyone` allows anyone"
    }
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
  }
}

resource "aws_secretsmanager_secret" "from_document" {
  name = "db-legacy"
  policy = data.aws_iam_policy_document.open.json
}
