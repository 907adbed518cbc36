"""A grantee's grants and reports."""

urlpatterns = []
