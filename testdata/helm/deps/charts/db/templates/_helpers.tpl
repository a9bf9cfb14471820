{{- define "db.image" -}}
{{ .Values.global.imageRegistry }}/{{ .Values.image }}:{{ .Chart.AppVersion }}
{{- end -}}
