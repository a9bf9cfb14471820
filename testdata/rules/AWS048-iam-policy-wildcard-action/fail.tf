locals {
  admin_actions = ["*"]
}

resource "aws_iam_policy" "admin" {
  name = "ci-admin"
  policy = jsonencode({ # expect: AWS048
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = local.admin_actions
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "legacy" {
  name   = "legacy"
  role   = "legacy-app"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\", \"*\"], \"Resource\": \"*\"}]}" # expect: AWS048
}
