from django.shortcuts import render


def home(request):
    return render(request, "venue/home.html")


def place(request):
    return render(request, "venue/place.html")


def privacy(request):
    return render(request, "venue/privacy.html")


def legal(request):
    return render(request, "venue/legal.html")
