from django.urls import path

from kinship.forums import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("latest/", views.latest_threads, name="latest"),
    path("following/", views.following, name="following"),
    path("search/", views.search, name="search"),
    path("boards/manage/", views.board_manage, name="board-manage"),
    path("boards/new/", views.board_create, name="board-create"),
    path("b/<slug:board_slug>/", views.board_detail, name="board"),
    path("b/<slug:board_slug>/edit/", views.board_edit, name="board-edit"),
    path("b/<slug:board_slug>/new/", views.thread_create, name="thread-create"),
    path("b/<slug:board_slug>/follow/", views.board_follow, name="board-follow"),
    path("t/<int:thread_id>/", views.thread_detail, name="thread"),
    path("t/<int:thread_id>/reply/", views.thread_reply, name="reply"),
    path("t/<int:thread_id>/new-posts/", views.thread_new_posts, name="thread-new-posts"),
    path("t/<int:thread_id>/follow/", views.thread_follow, name="thread-follow"),
    path("t/<int:thread_id>/moderate/", views.thread_moderate, name="thread-moderate"),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("p/<int:post_id>/delete/", views.post_delete, name="post-delete"),
    path("p/<int:post_id>/react/", views.post_react, name="post-react"),
    path("p/<int:post_id>/history/", views.post_history, name="post-history"),
]
