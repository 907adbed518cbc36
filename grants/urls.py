"""The grants pages people use on the public site, signed in: applying (apply_urls) and a
grantee's grants and reports (report_urls), under one namespace."""

from .apply_urls import urlpatterns as applying
from .report_urls import urlpatterns as reporting

app_name = "grants"
urlpatterns = [*applying, *reporting]
