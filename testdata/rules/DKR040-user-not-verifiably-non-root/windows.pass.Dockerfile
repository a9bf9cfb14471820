FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN net user /add builder
USER builder
CMD ["cmd", "/c", "ver"]
